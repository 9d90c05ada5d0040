package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/attr"
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	ephschema "github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// The seam for a type that calls the API: its constructor takes the
// provider and embeds typeBase, it describes its attributes once as
// attrSpecs, gets its client from typeBase.providerData().apiClient and
// reports errors with addClientError. Registering it is one line in
// provider.go.

// typeBase gives a data source or an ephemeral resource its provider's
// configuration. The provider hands itself over when the framework makes
// the type, so the framework calls no Configure of the type, and logs none,
// on every request of every instance: in a plan of many instances that
// cost more than the type's own work.
type typeBase struct {
	provider *liquidCommerceProvider
}

// providerData is what the provider's Configure made of its configuration,
// nil before it ran.
func (b typeBase) providerData() *providerData { return b.provider.data.Load() }

// bind turns constructors that take the provider into the framework's.
func bind[T any](p *liquidCommerceProvider, constructors ...func(*liquidCommerceProvider) T) []func() T {
	out := make([]func() T, len(constructors))
	for i, newType := range constructors {
		out[i] = func() T { return newType(p) }
	}
	return out
}

// attrSpec describes an attribute once for both schema packages, whose
// attribute types differ although their fields do not.
type attrSpec struct {
	desc                                    string
	required, optional, computed, sensitive bool
	// elem makes it a map of this element type, list a list of numbers;
	// int64 a number; dynamic of any type.
	elem                 attr.Type
	int64, dynamic, list bool
	validators           []validator.String
	intValidators        []validator.Int64
	listValidators       []validator.List
}

func dataSourceAttributes(specs map[string]attrSpec) map[string]dsschema.Attribute {
	out := make(map[string]dsschema.Attribute, len(specs))
	for name, s := range specs {
		switch {
		case s.dynamic:
			out[name] = dsschema.DynamicAttribute{MarkdownDescription: s.desc, Required: s.required, Optional: s.optional,
				Computed: s.computed, Sensitive: s.sensitive}
		case s.int64:
			out[name] = dsschema.Int64Attribute{MarkdownDescription: s.desc, Required: s.required, Optional: s.optional, Computed: s.computed,
				Validators: s.intValidators}
		case s.list:
			out[name] = dsschema.ListAttribute{MarkdownDescription: s.desc, Optional: s.optional, ElementType: types.Int64Type,
				Validators: s.listValidators}
		case s.elem != nil:
			out[name] = dsschema.MapAttribute{MarkdownDescription: s.desc, Required: s.required, Optional: s.optional, Computed: s.computed, ElementType: s.elem}
		default:
			out[name] = dsschema.StringAttribute{MarkdownDescription: s.desc, Required: s.required, Optional: s.optional, Computed: s.computed,
				Sensitive: s.sensitive, Validators: s.validators}
		}
	}
	return out
}

func ephemeralAttributes(specs map[string]attrSpec) map[string]ephschema.Attribute {
	out := make(map[string]ephschema.Attribute, len(specs))
	for name, s := range specs {
		switch {
		case s.dynamic:
			out[name] = ephschema.DynamicAttribute{MarkdownDescription: s.desc, Required: s.required, Optional: s.optional,
				Computed: s.computed, Sensitive: s.sensitive}
		case s.int64:
			out[name] = ephschema.Int64Attribute{MarkdownDescription: s.desc, Required: s.required, Optional: s.optional, Computed: s.computed,
				Validators: s.intValidators}
		case s.list:
			out[name] = ephschema.ListAttribute{MarkdownDescription: s.desc, Optional: s.optional, ElementType: types.Int64Type,
				Validators: s.listValidators}
		case s.elem != nil:
			out[name] = ephschema.MapAttribute{MarkdownDescription: s.desc, Required: s.required, Optional: s.optional, Computed: s.computed, ElementType: s.elem}
		default:
			out[name] = ephschema.StringAttribute{MarkdownDescription: s.desc, Required: s.required, Optional: s.optional, Computed: s.computed,
				Sensitive: s.sensitive, Validators: s.validators}
		}
	}
	return out
}
