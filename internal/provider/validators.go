package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/client"
)

// baseURLValidator applies client.ParseBaseURL's rules at validate time.
type baseURLValidator struct{}

func (baseURLValidator) Description(context.Context) string {
	return "must be an https URL, or http on a loopback host"
}

func (v baseURLValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (baseURLValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := client.ParseBaseURL(req.ConfigValue.ValueString()); err != nil {
		// The value is not repeated: it may hold credentials.
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid LiquidCommerce Base URL", reason(err)+".")
	}
}

// durationAtLeast checks that a string is a Go duration of at least min.
// A plain string with this validator costs far less per instance than a
// custom duration type.
type durationAtLeast struct {
	min  time.Duration
	desc string
}

// atLeast makes the validator, its description written once: the framework
// logs it on every validation of every instance.
func atLeast(d time.Duration) durationAtLeast {
	return durationAtLeast{min: d, desc: fmt.Sprintf("must be a duration of at least %s", d)}
}

func (v durationAtLeast) Description(context.Context) string { return v.desc }

func (v durationAtLeast) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v durationAtLeast) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	d, err := time.ParseDuration(req.ConfigValue.ValueString())
	if err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Duration",
			fmt.Sprintf("%s must be a Go duration such as \"30s\", \"5m\" or \"1h30m\"; got %q.", req.Path, req.ConfigValue.ValueString()))
		return
	}
	if d < v.min {
		resp.Diagnostics.AddAttributeError(req.Path, "Duration Too Short",
			fmt.Sprintf("%s %s; got %q.", req.Path, v.Description(context.Background()), req.ConfigValue.ValueString()))
	}
}
