package provider

import (
	"context"
	"os"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// source says where a provider setting's value came from. It never holds
// the value.
type source struct {
	attr, env string
	// set is true when the attribute or the environment variable gave a value.
	set bool
	// fromEnv is true when the value came from the environment variable.
	fromEnv bool
}

// blank reports whether a value counts as unset: empty, or only spaces. No
// setting but the Orders password can be spaces: the client trims the key
// and the user id, and spaces are no URL, duration or number.
func blank(s string) bool { return strings.TrimSpace(s) == "" }

// blankPassword reports whether an Orders password counts as unset: the
// client drops only the line breaks at its end (a secret read from a file),
// and keeps spaces, which may belong to it.
func blankPassword(s string) bool { return strings.TrimRight(s, "\r\n") == "" }

// lookup reads a string setting: the attribute's value, or the environment
// variable's when the attribute is null or blank. A blank attribute, such as
// a variable's empty default, must not hide the environment variable.
func lookup(v types.String, attr, env string, isBlank func(string) bool) (string, source) {
	src := source{attr: attr, env: env}
	if !v.IsNull() && !isBlank(v.ValueString()) {
		src.set = true
		return v.ValueString(), src
	}
	e := os.Getenv(env)
	if isBlank(e) {
		return "", src
	}
	src.set, src.fromEnv = true, true
	return e, src
}

// logged names where the value came from for a debug log line: the
// attribute, the environment variable, or "unset".
func (s source) logged() string {
	switch {
	case !s.set:
		return "unset"
	case s.fromEnv:
		return s.env
	}
	return s.attr
}

// unsetWhenBlank runs a validator on values that are not blank: a blank
// provider setting counts as unset, so its environment variable or default
// serves.
type unsetWhenBlank struct {
	validator.String
}

func (v unsetWhenBlank) ValidateString(ctx context.Context, req validator.StringRequest,
	resp *validator.StringResponse) {
	if !req.ConfigValue.IsNull() && !req.ConfigValue.IsUnknown() && blank(req.ConfigValue.ValueString()) {
		return
	}
	v.String.ValidateString(ctx, req, resp)
}
