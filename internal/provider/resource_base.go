package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	ephschema "github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
)

// The seam for a type that calls the API: embed dataSourceBase or
// ephemeralBase for Configure, describe the attributes once as attrSpecs,
// get the client from providerData.apiClient and report errors with
// addClientError.

// dataSourceBase gives a data source the provider data.
type dataSourceBase struct {
	data *providerData
}

func (b *dataSourceBase) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	if req.ProviderData == nil {
		return
	}
	b.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// ephemeralBase gives an ephemeral resource the provider data.
type ephemeralBase struct {
	data *providerData
}

func (b *ephemeralBase) Configure(_ context.Context, req ephemeral.ConfigureRequest, resp *ephemeral.ConfigureResponse) {
	if req.ProviderData == nil {
		return
	}
	b.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// attrSpec describes an attribute once for both schema packages, whose
// attribute types differ although their fields do not.
type attrSpec struct {
	desc                                    string
	required, optional, computed, sensitive bool
	// elem makes it a map of this element type; int64 a number.
	elem       attr.Type
	int64      bool
	custom     basetypes.StringTypable
	validators []validator.String
}

func dataSourceAttributes(specs map[string]attrSpec) map[string]dsschema.Attribute {
	out := make(map[string]dsschema.Attribute, len(specs))
	for name, s := range specs {
		switch {
		case s.int64:
			out[name] = dsschema.Int64Attribute{MarkdownDescription: s.desc, Required: s.required, Optional: s.optional, Computed: s.computed}
		case s.elem != nil:
			out[name] = dsschema.MapAttribute{MarkdownDescription: s.desc, Required: s.required, Optional: s.optional, Computed: s.computed, ElementType: s.elem}
		default:
			out[name] = dsschema.StringAttribute{MarkdownDescription: s.desc, Required: s.required, Optional: s.optional, Computed: s.computed,
				Sensitive: s.sensitive, CustomType: s.custom, Validators: s.validators}
		}
	}
	return out
}

func ephemeralAttributes(specs map[string]attrSpec) map[string]ephschema.Attribute {
	out := make(map[string]ephschema.Attribute, len(specs))
	for name, s := range specs {
		switch {
		case s.int64:
			out[name] = ephschema.Int64Attribute{MarkdownDescription: s.desc, Required: s.required, Optional: s.optional, Computed: s.computed}
		case s.elem != nil:
			out[name] = ephschema.MapAttribute{MarkdownDescription: s.desc, Required: s.required, Optional: s.optional, Computed: s.computed, ElementType: s.elem}
		default:
			out[name] = ephschema.StringAttribute{MarkdownDescription: s.desc, Required: s.required, Optional: s.optional, Computed: s.computed,
				Sensitive: s.sensitive, CustomType: s.custom, Validators: s.validators}
		}
	}
	return out
}
