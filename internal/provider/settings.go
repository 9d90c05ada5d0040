package provider

import (
	"context"
	"os"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// source says where a provider setting's value came from, so that an error
// about it can name the place to fix. It never holds the value.
type source struct {
	attr, env string
	// set is true when the attribute or the environment variable gave a value.
	set bool
	// fromEnv is true when the value came from the environment variable.
	fromEnv bool
	// blankAttr and blankEnv are true when the attribute, or the
	// environment variable, is set to a blank value, which counts as unset.
	blankAttr, blankEnv bool
	// envToo is true when the attribute won over a set environment variable.
	envToo bool
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
	e, inEnv := os.LookupEnv(env)
	if !v.IsNull() && !isBlank(v.ValueString()) {
		src.set, src.envToo = true, !isBlank(e)
		return v.ValueString(), src
	}
	src.blankAttr = !v.IsNull()
	if isBlank(e) {
		src.blankEnv = inEnv
		return "", src
	}
	src.set, src.fromEnv = true, true
	return e, src
}

// origin names where the value came from, for the middle of a sentence.
func (s source) origin() string {
	if s.fromEnv {
		return "the " + s.env + " environment variable"
	}
	return s.attr + " in the provider block"
}

// setting names the setting that gave the value, for a hint that says what
// to change: the environment variable when it gave it, else the attribute
// (which a default stands in for).
func (s source) setting() string {
	if s.fromEnv {
		return s.env
	}
	return s.attr
}

// assign writes the setting with a value, as the user would change it.
func (s source) assign(v string) string {
	if s.fromEnv {
		return s.env + "=" + v
	}
	return s.attr + " = " + strconv.Quote(v)
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

// absence says, for the middle of a sentence, that neither the attribute
// nor the environment variable gave a value, and which of them was empty.
func (s source) absence() string {
	attr, env := s.attr+" in the provider block", "the "+s.env+" environment variable"
	switch {
	case s.blankAttr && s.blankEnv:
		return attr + " and " + env + " are both empty, which counts as unset"
	case s.blankAttr:
		return attr + " is empty, which counts as unset, and " + env + " is not set"
	case s.blankEnv:
		return s.attr + " is not set in the provider block, and " + env + " is empty, which counts as unset"
	}
	return "neither " + attr + " nor " + env + " is set"
}

// precedence notes, as a sentence, that the attribute hid a set
// environment variable: a user who exported the variable may expect it to
// count.
func (s source) precedence() string {
	if !s.envToo {
		return ""
	}
	return " " + s.attr + " in the provider block wins over the " + s.env + " environment variable, which is also set."
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
