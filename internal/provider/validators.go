package provider

import (
	"context"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

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

// whole checks that a Number attribute, or a list's Number element, is a
// whole number from min to max. Whole-number inputs are Number attributes
// with this validator rather than Int64 ones: the framework converts an
// Int64 attribute before any validator runs, so a fraction would fail as
// its "Value Conversion Error ... always an error in the provider" instead
// of as an error that names the attribute.
type whole struct{ min, max int64 }

func (v whole) Description(context.Context) string {
	return fmt.Sprintf("must be a whole number from %d to %d", v.min, v.max)
}

func (v whole) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v whole) ValidateNumber(_ context.Context, req validator.NumberRequest, resp *validator.NumberResponse) {
	v.check(req.Path, req.ConfigValue, &resp.Diagnostics)
}

// check is n as an int64 when it is known and whole within the range;
// otherwise it is false, with an error naming at and the value when n is
// known. A read calls it for a value that was unknown when the
// configuration was validated.
func (v whole) check(at path.Path, n types.Number, diags *diag.Diagnostics) (int64, bool) {
	if n.IsNull() || n.IsUnknown() {
		return 0, false
	}
	f := n.ValueBigFloat()
	i, acc := f.Int64()
	if f.IsInt() && acc == big.Exact && i >= v.min && i <= v.max {
		return i, true
	}
	name, _, _ := strings.Cut(strings.SplitN(at.String(), "[", 2)[0], ".")
	diags.AddAttributeError(at, "Invalid "+name, fmt.Sprintf("%s %s, got %s. Nothing was sent.", at,
		v.Description(context.Background()), f.Text('g', -1)))
	return 0, false
}
