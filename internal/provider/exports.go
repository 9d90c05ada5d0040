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
		if err := compile(s.ValueString()); err != nil {
			diags.AddAttributeError(path.Root(attrName).AtMapKey(k), "Invalid JMESPath Expression",
				fmt.Sprintf("%s[%q] is not a JMESPath expression: %s. Write it as the JMESPath specification "+
					"(jmespath.org) does, for example \"data.status\" or \"data.items[*].id\". Nothing was sent.",
					attrName, k, expressionError(err)))
		}
	}
}

// errLibraryPanic is a panic of the JMESPath library, whose value may quote
// the response and is left out.
var errLibraryPanic = errors.New("the JMESPath library cannot evaluate the expression on this response")

// search runs a JMESPath expression. The library panics on a few
// expressions it accepts, such as @() or merge(`1`): those are errors too.
func search(expr string, doc any) (result any, err error) {
	defer func() {
		if recover() != nil {
			result, err = nil, errLibraryPanic
		}
	}()
	return jmespath.Search(expr, doc)
}

// compile parses a JMESPath expression, a panic of the library included.
func compile(expr string) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("the expression cannot be parsed (%v)", p)
		}
	}()
	_, err = jmespath.Compile(expr)
	return err
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
	doc, exact, err := decodeExact(body)
	if err != nil {
		diags.AddError("Unusable LiquidCommerce API Response",
			"The response cannot be read for "+attrName+": "+err.Error()+".")
		return types.DynamicNull()
	}
	var exprs map[string]string
	diags.Append(exports.ElementsAs(ctx, &exprs, false)...)
	if diags.HasError() {
		return types.DynamicNull()
	}
	attrTypes, values := map[string]attr.Type{}, map[string]attr.Value{}
	for _, k := range slices.Sorted(maps.Keys(exprs)) {
		result, err := search(exprs[k], doc)
		if err != nil {
			why := errLibraryPanic.Error()
			if !errors.Is(err, errLibraryPanic) {
				why = explainSearchError(exprs[k], doc, err)
			}
			diags.AddAttributeError(path.Root(attrName).AtMapKey(k), "JMESPath Expression Failed",
				fmt.Sprintf("%s[%q] = %q failed on the response: %s. Check the function names and the types "+
					"they take (jmespath.org/specification.html); an expression that matches nothing gives null.",
					attrName, k, exprs[k], why))
			continue
		}
		v, err := terraformValue(result, exact)
		if err != nil {
			diags.AddAttributeError(path.Root(attrName).AtMapKey(k), "JMESPath Result Not Usable",
				fmt.Sprintf("%s[%q] = %q: its result holds %s.", attrName, k, exprs[k], err))
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

// unreadable stands in the decoded body for a number beyond maxMagnitude.
// JMESPath carries it as a value of no JSON type: functions refuse it, and
// a result that holds it is an error, while expressions that do not touch
// it read the rest of the body.
type unreadable struct{}

var errUnreadableNumber = errors.New("a number beyond the range the provider reads (1e-1000 to 1e1000 in magnitude)")

// MarshalJSON makes to_string fail on the number rather than write {}.
func (unreadable) MarshalJSON() ([]byte, error) { return nil, errUnreadableNumber }

// decodeExact decodes a JSON body for JMESPath, which works on float64
// numbers, and keeps what a float64 cannot hold. Every number is read at
// Terraform's precision (512 bits); one that a float64 holds exactly is
// that float64. Each other one (an integer beyond 2^53, a decimal such as
// 0.1, a number beyond the float64 range) gets a float64 of its own, as
// near to it as the order of all the numbers of the body allows, so that
// JMESPath compares and sorts them as their values do wherever there is
// room. exact maps each float64 back to the number it stands for. Its
// errors quote nothing of the body.
func decodeExact(body []byte) (any, map[float64]*big.Float, error) {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, nil, nil
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return nil, nil, errors.New("it is not valid JSON")
	}
	// The body's distinct numbers, by value; each number stands in the
	// document as its value's key until it has its float64.
	values := map[numberKey]*big.Float{}
	doc = mapLeaves(doc, func(v any) any {
		s, isNumber := v.(json.Number)
		if !isNumber {
			return v
		}
		if n, ok := readNumber(string(s)); ok {
			k := numberKey(n.Text('p', 0))
			values[k] = n
			return k
		}
		return unreadable{}
	})
	sorted := slices.SortedFunc(maps.Values(values), func(a, b *big.Float) int { return a.Cmp(b) })
	exact, floats := map[float64]*big.Float{}, make([]float64, len(sorted))
	for i, n := range sorted {
		if f, acc := n.Float64(); acc == big.Exact {
			exact[f], floats[i] = n, f
		}
	}
	// above[i] is the float64 of the first exact number after the i-th.
	above := make([]float64, len(sorted)+1)
	above[len(sorted)] = math.Inf(1)
	for i := len(sorted) - 1; i >= 0; i-- {
		above[i] = above[i+1]
		if exact[floats[i]] == sorted[i] {
			above[i] = floats[i]
		}
	}
	// Then the others, in order, each between the number before it and the
	// next exact one when a float64 fits there, else on any free one.
	low, spill := math.Inf(-1), math.Inf(-1)
	for i, n := range sorted {
		if exact[floats[i]] == n {
			low = floats[i]
			continue
		}
		near, _ := n.Float64()
		near = max(min(near, math.MaxFloat64), -math.MaxFloat64)
		f := min(max(near, math.Nextafter(low, math.Inf(1))), math.Nextafter(above[i], math.Inf(-1)))
		if f <= low || exact[f] != nil {
			// No room: the next free float64 from where the last such one
			// went, so that many numbers between two floats cost no search
			// each from the start.
			for f = max(near, math.Nextafter(spill, math.Inf(1))); exact[f] != nil; f = math.Nextafter(f, math.Inf(1)) {
			}
			spill = f
		}
		if math.IsInf(f, 0) {
			return nil, nil, fmt.Errorf("it has more numbers beyond the float64 range than JMESPath can tell apart")
		}
		exact[f], floats[i], low = n, f, max(low, f)
	}
	index := make(map[numberKey]float64, len(sorted))
	for i, n := range sorted {
		index[numberKey(n.Text('p', 0))] = floats[i]
	}
	doc = mapLeaves(doc, func(v any) any {
		if k, isKey := v.(numberKey); isKey {
			return index[k]
		}
		return v
	})
	return doc, exact, nil
}

// numberKey is a number's exact value as text, which stands for it in a
// document being decoded.
type numberKey string

// mapLeaves replaces every value of v that is no object or array by what
// fn makes of it.
func mapLeaves(v any, fn func(any) any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = mapLeaves(e, fn)
		}
	case []any:
		for i, e := range x {
			x[i] = mapLeaves(e, fn)
		}
	default:
		return fn(v)
	}
	return v
}

// terraformValue turns a JMESPath result into a Terraform value as
// jsondecode would: objects become objects, arrays tuples, strings stay
// strings, and numbers are exact (a big integer's own digits).
func terraformValue(v any, exact map[float64]*big.Float) (attr.Value, error) {
	switch x := v.(type) {
	case nil:
		return types.DynamicNull(), nil
	case bool:
		return types.BoolValue(x), nil
	case string:
		return types.StringValue(x), nil
	case unreadable:
		return nil, errUnreadableNumber
	case float64:
		if n := exact[x]; n != nil {
			return types.NumberValue(n), nil
		}
		// A number JMESPath computed: avg([]) is null by the specification.
		if math.IsNaN(x) {
			return types.DynamicNull(), nil
		} else if math.IsInf(x, 0) {
			return nil, errors.New("a number it computed beyond the range of Terraform numbers")
		}
		// Terraform's precision, so that the value equals the same number
		// written in HCL.
		n, _, err := big.ParseFloat(strconv.FormatFloat(x, 'g', -1, 64), 10, 512, big.ToNearestEven)
		return types.NumberValue(n), err
	case map[string]any:
		attrTypes, values := make(map[string]attr.Type, len(x)), make(map[string]attr.Value, len(x))
		for k, e := range x {
			ev, err := terraformValue(e, exact)
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
			ev, err := terraformValue(e, exact)
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
