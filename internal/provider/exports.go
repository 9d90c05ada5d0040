package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"math/big"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/jmespath/go-jmespath"
)

// exportMaps names the two export attributes with the output each fills.
var exportMaps = []struct{ in, out string }{
	{"response_export_values", "output"},
	{"sensitive_response_export_values", "sensitive_output"},
}

// addExpressionErrors reports every expression of an export map that does
// not parse, naming its key; values still unknown are checked at read.
func addExpressionErrors(attrName string, exports types.Map, diags *diag.Diagnostics) {
	if exports.IsNull() || exports.IsUnknown() {
		return
	}
	elems := exports.Elements()
	for _, k := range slices.Sorted(maps.Keys(elems)) {
		s, ok := elems[k].(types.String)
		switch {
		case !ok || s.IsUnknown():
			continue
		case s.IsNull():
			diags.AddAttributeError(path.Root(attrName).AtMapKey(k), "Null JMESPath Expression",
				fmt.Sprintf("%s[%q] is null: give it a JMESPath expression such as \"data.status\", or leave the key out.",
					attrName, k))
			continue
		}
		if _, err := jmespath.Compile(s.ValueString()); err != nil {
			diags.AddAttributeError(path.Root(attrName).AtMapKey(k), "Invalid JMESPath Expression",
				fmt.Sprintf("%s[%q] is not a JMESPath expression: %s. Write it as the JMESPath specification "+
					"(jmespath.org) does, for example \"data.status\" or \"data.items[*].id\". Nothing was sent.",
					attrName, k, expressionError(err)))
		}
	}
}

// expressionError says where a JMESPath syntax error is, without the
// library's multi-line caret drawing.
func expressionError(err error) string {
	var syntax jmespath.SyntaxError
	if errors.As(err, &syntax) {
		msg := strings.TrimSuffix(strings.TrimPrefix(syntax.Error(), "SyntaxError: "), ".")
		return fmt.Sprintf("%s at character %d", msg, syntax.Offset+1)
	}
	return err.Error()
}

// exportValues evaluates the expressions of exports against a response
// body and returns the object of their results. A body that is empty is
// null to every expression.
func exportValues(ctx context.Context, attrName string, exports types.Map, body []byte, diags *diag.Diagnostics) types.Dynamic {
	doc, bigs, err := decodeExact(body)
	if err != nil {
		diags.AddError("Unusable LiquidCommerce API Response",
			"The response is not JSON, so "+attrName+" cannot be evaluated: "+err.Error()+".")
		return types.DynamicNull()
	}
	var exprs map[string]string
	diags.Append(exports.ElementsAs(ctx, &exprs, false)...)
	if diags.HasError() {
		return types.DynamicNull()
	}
	attrTypes, values := map[string]attr.Type{}, map[string]attr.Value{}
	for _, k := range slices.Sorted(maps.Keys(exprs)) {
		result, err := jmespath.Search(exprs[k], doc)
		if err != nil {
			diags.AddAttributeError(path.Root(attrName).AtMapKey(k), "JMESPath Expression Failed",
				fmt.Sprintf("%s[%q] = %q failed on the response: %s. Check the function names and the types "+
					"they take (jmespath.org/specification.html); an expression that matches nothing gives null.",
					attrName, k, exprs[k], expressionError(err)))
			continue
		}
		v, err := terraformValue(result, bigs)
		if err != nil {
			diags.AddAttributeError(path.Root(attrName).AtMapKey(k), "JMESPath Result Not Usable",
				fmt.Sprintf("%s[%q]: %s.", attrName, k, err))
			continue
		}
		attrTypes[k], values[k] = v.Type(ctx), v
	}
	if diags.HasError() {
		return types.DynamicNull()
	}
	obj, d := types.ObjectValue(attrTypes, values)
	diags.Append(d...)
	return types.DynamicValue(obj)
}

// maxExactFloat is 2^53: every integer up to it is exact in a float64.
const maxExactFloat = 1 << 53

// decodeExact decodes a JSON body for JMESPath, which works on float64
// numbers. Integers of 2^53 or more, which a float64 may round, each get a
// float64 of their own: the nearest one that no other number of the body
// has. bigs maps it back to the integer's exact digits for the result.
func decodeExact(body []byte) (any, map[float64]string, error) {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, nil, nil
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return nil, nil, err
	}
	// First the other numbers, whose floats the big integers must avoid.
	taken, float := map[float64]bool{}, map[string]float64{}
	var bigOnes []string
	var bad error
	doc = mapNumbers(doc, func(s json.Number) any {
		f, err := strconv.ParseFloat(string(s), 64)
		if err != nil && !errors.Is(err, strconv.ErrRange) {
			bad = err
		}
		if strings.ContainsAny(string(s), ".eE") || math.Abs(f) < maxExactFloat {
			taken[f] = true
			return f
		}
		bigOnes = append(bigOnes, string(s))
		return s
	})
	if bad != nil {
		return nil, nil, bad
	}
	bigs := map[float64]string{}
	slices.Sort(bigOnes)
	for _, s := range slices.Compact(bigOnes) {
		f, _ := strconv.ParseFloat(s, 64)
		for taken[f] {
			f = math.Nextafter(f, math.Inf(int(math.Copysign(1, f))))
		}
		taken[f], bigs[f], float[s] = true, s, f
	}
	doc = mapNumbers(doc, func(s json.Number) any { return float[string(s)] })
	return doc, bigs, nil
}

// mapNumbers replaces every JSON number left in v by what fn makes of it.
func mapNumbers(v any, fn func(json.Number) any) any {
	switch x := v.(type) {
	case json.Number:
		return fn(x)
	case map[string]any:
		for k, e := range x {
			x[k] = mapNumbers(e, fn)
		}
	case []any:
		for i, e := range x {
			x[i] = mapNumbers(e, fn)
		}
	}
	return v
}

// terraformValue turns a JMESPath result into a Terraform value as
// jsondecode would: objects become objects, arrays tuples, strings stay
// strings, and numbers are exact (a big integer's own digits).
func terraformValue(v any, bigs map[float64]string) (attr.Value, error) {
	switch x := v.(type) {
	case nil:
		return types.DynamicNull(), nil
	case bool:
		return types.BoolValue(x), nil
	case string:
		return types.StringValue(x), nil
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, fmt.Errorf("the number %v has no Terraform value", x)
		}
		text, ok := bigs[x]
		if !ok {
			text = strconv.FormatFloat(x, 'g', -1, 64)
		}
		// The precision of Terraform's own numbers, so that the value equals
		// the same number written in HCL.
		n, _, err := big.ParseFloat(text, 10, 512, big.ToNearestEven)
		return types.NumberValue(n), err
	case map[string]any:
		attrTypes, values := make(map[string]attr.Type, len(x)), make(map[string]attr.Value, len(x))
		for k, e := range x {
			ev, err := terraformValue(e, bigs)
			if err != nil {
				return nil, err
			}
			attrTypes[k], values[k] = ev.Type(context.Background()), ev
		}
		obj, d := types.ObjectValue(attrTypes, values)
		return obj, diagErr(d)
	case []any:
		elemTypes, values := make([]attr.Type, len(x)), make([]attr.Value, len(x))
		for i, e := range x {
			ev, err := terraformValue(e, bigs)
			if err != nil {
				return nil, err
			}
			elemTypes[i], values[i] = ev.Type(context.Background()), ev
		}
		tuple, d := types.TupleValue(elemTypes, values)
		return tuple, diagErr(d)
	}
	return nil, fmt.Errorf("a value of Go type %T has no Terraform value", v)
}

// diagErr is the first error of diags, or nil.
func diagErr(diags diag.Diagnostics) error {
	for _, d := range diags.Errors() {
		return errors.New(d.Summary() + ": " + d.Detail())
	}
	return nil
}
