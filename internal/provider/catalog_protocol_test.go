package provider_test

import (
	"encoding/json"
	"fmt"
	"math/big"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/fakeapi"
)

// catalogEnv is a provider configured with the API key against a fake
// catalog.
func catalogEnv(t *testing.T, opts fakeapi.Options) *protoEnv {
	t.Helper()
	return configuredServer(t, opts, testAPIKey)
}

// dataSourceType is a data source's object type, from the provider's own
// schema.
func (e *protoEnv) dataSourceType(t *testing.T, typeName string) tftypes.Object {
	t.Helper()
	resp, err := e.server.GetProviderSchema(e.ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || resp.DataSourceSchemas[typeName] == nil {
		t.Fatalf("no schema for %s: %v", typeName, err)
	}
	typ, _ := resp.DataSourceSchemas[typeName].ValueType().(tftypes.Object)
	return typ
}

// catalogRead validates and reads a data source as Terraform does, and
// returns its state as plain Go values (numbers as their exact text), or
// the errors.
func (e *protoEnv) catalogRead(t *testing.T, typeName string, vals map[string]tftypes.Value) (map[string]any, string) {
	t.Helper()
	typ := e.dataSourceType(t, typeName)
	cfg := dynamicValue(t, typ, vals)
	v, err := e.server.ValidateDataResourceConfig(e.ctx, &tfprotov6.ValidateDataResourceConfigRequest{
		TypeName: typeName, Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	if errs := diagError(v.Diagnostics); errs != "" {
		return nil, errs
	}
	resp, err := e.server.ReadDataSource(e.ctx, &tfprotov6.ReadDataSourceRequest{TypeName: typeName, Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	if errs := diagError(resp.Diagnostics); errs != "" {
		return nil, errs
	}
	state, err := resp.State.Unmarshal(typ)
	if err != nil {
		t.Fatal(err)
	}
	return dict(goValue(t, state)), ""
}

func goValue(t *testing.T, v tftypes.Value) any {
	t.Helper()
	if v.IsNull() {
		return nil
	}
	var out any
	var err error
	switch typ := v.Type(); {
	case typ.Is(tftypes.String):
		var s string
		err, out = v.As(&s), &s
	case typ.Is(tftypes.Number):
		n := new(big.Float)
		err, out = v.As(&n), n
	case typ.Is(tftypes.Bool):
		var b bool
		err, out = v.As(&b), &b
	case typ.Is(tftypes.List{}):
		var l []tftypes.Value
		if err := v.As(&l); err != nil {
			t.Fatal(err)
		}
		list := []any{}
		for _, e := range l {
			list = append(list, goValue(t, e))
		}
		return list
	case typ.Is(tftypes.Object{}):
		var m map[string]tftypes.Value
		if err := v.As(&m); err != nil {
			t.Fatal(err)
		}
		obj := map[string]any{}
		for k, e := range m {
			obj[k] = goValue(t, e)
		}
		return obj
	default:
		t.Fatalf("no Go value for %s", v.Type())
	}
	if err != nil {
		t.Fatal(err)
	}
	switch x := out.(type) {
	case *string:
		return *x
	case *bool:
		return *x
	case *big.Float:
		return x.Text('f', -1)
	}
	return nil
}

// list and dict are plain values of a list and of an object.
func list(v any) []any {
	l, _ := v.([]any)
	return l
}

func dict(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

// attrType is the object type of an attribute of an object type.
func attrType(typ tftypes.Type, name string) tftypes.Object {
	o, _ := typ.(tftypes.Object)
	a, _ := o.AttributeTypes[name].(tftypes.Object)
	return a
}

func strs(values ...string) tftypes.Value {
	elems := make([]tftypes.Value, len(values))
	for i, v := range values {
		elems[i] = str(v)
	}
	return tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, elems)
}

func num(n float64) tftypes.Value { return tftypes.NewValue(tftypes.Number, n) }

// object makes a value of an attribute's object type, the attributes not
// given null.
func object(o tftypes.Object, vals map[string]tftypes.Value) tftypes.Value {
	full := map[string]tftypes.Value{}
	for name, at := range o.AttributeTypes {
		full[name] = tftypes.NewValue(at, nil)
		if v, ok := vals[name]; ok {
			full[name] = v
		}
	}
	return tftypes.NewValue(o, full)
}

// location makes a location: an address, or coordinates.
func (e *protoEnv) location(t *testing.T, typeName string, address map[string]string, coords ...float64) tftypes.Value {
	t.Helper()
	locType := attrType(e.dataSourceType(t, typeName), "location")
	vals := map[string]tftypes.Value{}
	if address != nil {
		fields := map[string]tftypes.Value{}
		for k, v := range address {
			fields[k] = str(v)
		}
		vals["address"] = object(attrType(locType, "address"), fields)
	}
	if len(coords) > 0 {
		vals["latitude"] = num(coords[0])
	}
	if len(coords) > 1 {
		vals["longitude"] = num(coords[1])
	}
	return object(locType, vals)
}

var albany = map[string]string{"one": "100 Main St", "city": "Albany", "state": "NY", "zip": "12207"}

// field walks plain values: field(x, "products", 0, "id").
func field(v any, keys ...any) any {
	for _, k := range keys {
		switch k := k.(type) {
		case string:
			v = dict(v)[k]
		case int:
			l := list(v)
			if k >= len(l) {
				return nil
			}
			v = l[k]
		}
	}
	return v
}

func ids(l any) []string {
	var out []string
	for _, e := range list(l) {
		out = append(out, fmt.Sprint(field(e, "id")))
	}
	return out
}

// decodeBody decodes a recorded request body.
func decodeBody(t *testing.T, body []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func containsAll(s string, parts []string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}

// The sample catalog's ids: the gin and the rum, and the three retailers
// (ret_001, ret_002 and ret_003 in the fake's data).
var (
	ginID, rumID     = fakeapi.SampleProducts[0].ID, fakeapi.SampleProducts[1].ID
	ret1, ret2, ret3 = fakeapi.SampleRetailers[0].ID, fakeapi.SampleRetailers[1].ID, fakeapi.SampleRetailers[2].ID
)

// sizeOf is the id of the sample size of a UPC.
func sizeOf(upc string) string {
	for _, p := range fakeapi.SampleProducts {
		for _, s := range p.Sizes {
			if s.UPC == upc {
				return s.ID
			}
		}
	}
	return "no size of " + upc
}
