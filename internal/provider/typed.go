package provider

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	ephschema "github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// typedRead is a typed read of the API that comes as a data source and as
// an ephemeral resource of one name: its schema, written once in the data
// source package's types, and the read that fills its model M. A type's
// file holds its typedRead, model and read, top to bottom; registering a
// variant is one line in provider.go.
type typedRead[M any] struct {
	// suffix follows the provider's type name, e.g. "_order".
	suffix string
	schema dsschema.Schema
	// ephemeralOnly are attributes only the ephemeral resource has: inputs
	// that would put personal data into the state.
	ephemeralOnly map[string]dsschema.Attribute
	// validate checks what no single attribute's validator can; nil for
	// none. It sees unknown values as unknown.
	validate func(ctx context.Context, m *M, diags *diag.Diagnostics)
	// read sends the requests and fills m; ephemeral tells which variant
	// asks. It reports failures in diags.
	read func(ctx context.Context, pd *providerData, m *M, ephemeral bool, diags *diag.Diagnostics)
}

// get reads a configuration into a model, validating it.
func (t *typedRead[M]) get(ctx context.Context, cfg tfsdk.Config, diags *diag.Diagnostics) *M {
	var m M
	diags.Append(cfg.Get(ctx, &m)...)
	if !diags.HasError() && t.validate != nil {
		t.validate(ctx, &m, diags)
	}
	return &m
}

// fullSchema is the read's schema with its own max_retries and
// request_timeout, which every typed read takes as liquidcommerce_api_request
// does: the data source's schema, and the ephemeral resource's but for
// ephemeralOnly.
func (t *typedRead[M]) fullSchema() dsschema.Schema {
	s := t.schema
	s.Attributes = withReadLimits(t.schema.Attributes)
	return s
}

// run reads m with the read's own limits, which apply to each of its
// requests: every page, every batch, and a login the read starts. Every
// model embeds readLimitsModel, which the tests of each read show.
func (t *typedRead[M]) run(ctx context.Context, pd *providerData, m *M, ephemeral bool, diags *diag.Diagnostics) {
	l, ok := any(m).(readLimiter)
	if !ok {
		diags.AddError("Provider Bug", fmt.Sprintf("liquidcommerce%s has no read limits; please report it.", t.suffix))
		return
	}
	limited := l.readLimits().apply(pd, diags)
	if diags.HasError() {
		return
	}
	t.read(ctx, limited, m, ephemeral, diags)
}

// typedDataSource is the data source variant of a typed read.
type typedDataSource[M any] struct {
	typeBase
	t *typedRead[M]
}

var (
	_ datasource.DataSourceWithValidateConfig       = &typedDataSource[struct{}]{}
	_ ephemeral.EphemeralResourceWithValidateConfig = &typedEphemeralResource[struct{}]{}
)

func (d *typedDataSource[M]) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + d.t.suffix
}

func (d *typedDataSource[M]) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = d.t.fullSchema()
}

func (d *typedDataSource[M]) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest,
	resp *datasource.ValidateConfigResponse) {
	d.t.get(ctx, req.Config, &resp.Diagnostics)
}

func (d *typedDataSource[M]) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	m := d.t.get(ctx, req.Config, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	d.t.run(ctx, d.providerData(), m, false, &resp.Diagnostics)
	if !resp.Diagnostics.HasError() {
		resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
	}
}

// typedEphemeralResource is the ephemeral resource variant of a typed read.
type typedEphemeralResource[M any] struct {
	typeBase
	t *typedRead[M]
}

func (r *typedEphemeralResource[M]) Metadata(_ context.Context, req ephemeral.MetadataRequest,
	resp *ephemeral.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + r.t.suffix
}

func (r *typedEphemeralResource[M]) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	attrs := r.t.fullSchema().Attributes
	maps.Copy(attrs, r.t.ephemeralOnly)
	resp.Schema = ephschema.Schema{MarkdownDescription: r.t.schema.MarkdownDescription, Attributes: ephemeralSchema(attrs)}
}

func (r *typedEphemeralResource[M]) ValidateConfig(ctx context.Context, req ephemeral.ValidateConfigRequest,
	resp *ephemeral.ValidateConfigResponse) {
	r.t.get(ctx, req.Config, &resp.Diagnostics)
}

func (r *typedEphemeralResource[M]) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	m := r.t.get(ctx, req.Config, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	r.t.run(ctx, r.providerData(), m, true, &resp.Diagnostics)
	if !resp.Diagnostics.HasError() {
		resp.Diagnostics.Append(resp.Result.Set(ctx, m)...)
	}
}

// ephemeralSchema rewrites data source attributes in the ephemeral package's
// types, field for field, so that every type that comes in both variants
// writes its schema once: descriptions, requiredness, sensitivity,
// validators and nesting. It knows the kinds the typed reads use and
// panics on another, which the schema tests catch.
func ephemeralSchema(attrs map[string]dsschema.Attribute) map[string]ephschema.Attribute {
	out := make(map[string]ephschema.Attribute, len(attrs))
	for name, a := range attrs {
		switch a := a.(type) {
		case dsschema.StringAttribute:
			out[name] = ephschema.StringAttribute{MarkdownDescription: a.MarkdownDescription, Required: a.Required,
				Optional: a.Optional, Computed: a.Computed, Sensitive: a.Sensitive, Validators: a.Validators}
		case dsschema.Int64Attribute:
			out[name] = ephschema.Int64Attribute{MarkdownDescription: a.MarkdownDescription, Required: a.Required,
				Optional: a.Optional, Computed: a.Computed, Sensitive: a.Sensitive, Validators: a.Validators}
		case dsschema.Float64Attribute:
			out[name] = ephschema.Float64Attribute{MarkdownDescription: a.MarkdownDescription, Required: a.Required,
				Optional: a.Optional, Computed: a.Computed, Sensitive: a.Sensitive, Validators: a.Validators}
		case dsschema.NumberAttribute:
			out[name] = ephschema.NumberAttribute{MarkdownDescription: a.MarkdownDescription, Required: a.Required,
				Optional: a.Optional, Computed: a.Computed, Sensitive: a.Sensitive, Validators: a.Validators}
		case dsschema.BoolAttribute:
			out[name] = ephschema.BoolAttribute{MarkdownDescription: a.MarkdownDescription, Required: a.Required,
				Optional: a.Optional, Computed: a.Computed, Sensitive: a.Sensitive, Validators: a.Validators}
		case dsschema.MapAttribute:
			out[name] = ephschema.MapAttribute{MarkdownDescription: a.MarkdownDescription, Required: a.Required,
				Optional: a.Optional, Computed: a.Computed, Sensitive: a.Sensitive, Validators: a.Validators,
				ElementType: a.ElementType}
		case dsschema.DynamicAttribute:
			out[name] = ephschema.DynamicAttribute{MarkdownDescription: a.MarkdownDescription, Required: a.Required,
				Optional: a.Optional, Computed: a.Computed, Sensitive: a.Sensitive, Validators: a.Validators}
		case dsschema.ListAttribute:
			out[name] = ephschema.ListAttribute{MarkdownDescription: a.MarkdownDescription, Required: a.Required,
				Optional: a.Optional, Computed: a.Computed, Sensitive: a.Sensitive, Validators: a.Validators,
				ElementType: a.ElementType}
		case dsschema.SingleNestedAttribute:
			out[name] = ephschema.SingleNestedAttribute{MarkdownDescription: a.MarkdownDescription, Required: a.Required,
				Optional: a.Optional, Computed: a.Computed, Sensitive: a.Sensitive, Validators: a.Validators,
				Attributes: ephemeralSchema(a.Attributes)}
		case dsschema.ListNestedAttribute:
			out[name] = ephschema.ListNestedAttribute{MarkdownDescription: a.MarkdownDescription, Required: a.Required,
				Optional: a.Optional, Computed: a.Computed, Sensitive: a.Sensitive, Validators: a.Validators,
				NestedObject: ephschema.NestedAttributeObject{Attributes: ephemeralSchema(a.NestedObject.Attributes)}}
		default:
			panic("ephemeralSchema: no ephemeral kind for " + name)
		}
	}
	return out
}

// objectList is a computed list of objects written as a list of an object
// type, not as nested attributes: terraform test's override_data can give
// a list of an object type on every CLI, while Terraform's refuses a list
// for nested list attributes (hashicorp/terraform#38369). The attributes are written as
// nested attributes all the same, for their descriptions, which go into
// the list's own, and for their types.
func objectList(desc string, attrs map[string]dsschema.Attribute) dsschema.ListAttribute {
	typ, text := objectType(attrs)
	return dsschema.ListAttribute{MarkdownDescription: desc + " Each has " + text + ".", Computed: true, ElementType: typ}
}

// objectType is the object type of nested attributes, and a sentence on
// each of them.
func objectType(attrs map[string]dsschema.Attribute) (types.ObjectType, string) {
	attrTypes, parts := map[string]attr.Type{}, []string{}
	for _, name := range slices.Sorted(maps.Keys(attrs)) {
		a := attrs[name]
		desc := strings.TrimSuffix(a.GetMarkdownDescription(), ".")
		if list, ok := a.(dsschema.ListNestedAttribute); ok {
			inner, text := objectType(list.NestedObject.Attributes)
			attrTypes[name], desc = types.ListType{ElemType: inner}, desc+", each with "+text
		} else {
			attrTypes[name] = a.GetType()
		}
		parts = append(parts, "`"+name+"` ("+desc+")")
	}
	return types.ObjectType{AttrTypes: attrTypes}, strings.Join(parts, ", ")
}
