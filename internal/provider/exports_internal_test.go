package provider

import (
	"context"
	"math/big"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func exportMap(t *testing.T, exprs map[string]string) types.Map {
	t.Helper()
	elems := map[string]attr.Value{}
	for k, v := range exprs {
		elems[k] = types.StringValue(v)
	}
	m, d := types.MapValue(types.StringType, elems)
	if d.HasError() {
		t.Fatal(d)
	}
	return m
}

// exact is the text of a Terraform number at full precision.
func exact(v attr.Value) string {
	n, _ := v.(types.Number)
	if n.IsNull() || n.ValueBigFloat() == nil {
		return "<not a number>"
	}
	return n.ValueBigFloat().Text('f', -1)
}

// Exports keep what JSON says: strings stay strings, numbers exact
// (integers beyond 2^53 too, even two that one float64 would merge),
// objects and arrays nest, and what matches nothing is null.
func TestExportValues(t *testing.T) {
	body := []byte(`{"data":{"status":"delivered","id":"000017","total":6048,"price":12.34,"tax":0.1,
		"legacy":9007199254740995,"other":9007199254740997,"negative":-9007199254740995,
		"items":[{"upc":"000000000017","qty":1},{"upc":"000000000024","qty":2}],"note":null,"ok":true},
		"ids":[9007199254740993,9007199254740992]}`)
	exprs := map[string]string{
		"status": "data.status", "id": "data.id", "total": "data.total", "price": "data.price", "tax": "data.tax",
		"legacy": "data.legacy", "other": "data.other", "negative": "data.negative", "upcs": "data.items[*].upc",
		"qty": "sum(data.items[*].qty)", "missing": "data.nothing", "note": "data.note", "ok": "data.ok",
		"first": "data.items[0]", "ids": "ids", "biggest": "max(ids)", "sorted": "sort(ids)",
		"count": "length(data.items)", "filtered": "data.items[?qty > `1`].upc | [0]",
	}
	var diags diag.Diagnostics
	out := exportValues(context.Background(), "response_export_values", exportMap(t, exprs), body, &diags)
	if diags.HasError() {
		t.Fatal(diags)
	}
	obj, ok := out.UnderlyingValue().(types.Object)
	if !ok {
		t.Fatalf("output is %T, not an object", out.UnderlyingValue())
	}
	got := obj.Attributes()
	for k, want := range map[string]string{
		"total": "6048", "price": "12.34", "tax": "0.1", "legacy": "9007199254740995", "other": "9007199254740997",
		"negative": "-9007199254740995", "qty": "3", "biggest": "9007199254740993", "count": "2",
	} {
		if exact(got[k]) != want {
			t.Errorf("%s = %s, want %s", k, exact(got[k]), want)
		}
	}
	// A number equals the same number written in HCL, which Terraform
	// parses at 512 bits.
	hcl, _, _ := big.ParseFloat("12.34", 10, 512, big.ToNearestEven)
	if n, _ := got["price"].(types.Number); n.ValueBigFloat().Cmp(hcl) != 0 {
		t.Error("12.34 from JSON is not the 12.34 of HCL")
	}
	for k, want := range map[string]string{"status": "delivered", "id": "000017", "filtered": "000000000024"} {
		if s, ok := got[k].(types.String); !ok || s.ValueString() != want {
			t.Errorf("%s = %v, want the string %q", k, got[k], want)
		}
	}
	for _, k := range []string{"missing", "note"} {
		if !got[k].IsNull() {
			t.Errorf("%s = %v, want null", k, got[k])
		}
	}
	if b, ok := got["ok"].(types.Bool); !ok || !b.ValueBool() {
		t.Errorf("ok = %v, want true", got["ok"])
	}
	upcs, ok := got["upcs"].(types.Tuple)
	if !ok || len(upcs.Elements()) != 2 || upcs.Elements()[0].String() != `"000000000017"` {
		t.Errorf("upcs = %v, want a tuple of the two upcs", got["upcs"])
	}
	if first, ok := got["first"].(types.Object); !ok || exact(first.Attributes()["qty"]) != "1" {
		t.Errorf("first = %v, want the first item as an object", got["first"])
	}
	sorted, ok := got["sorted"].(types.Tuple)
	if !ok || exact(sorted.Elements()[0]) != "9007199254740992" || exact(sorted.Elements()[1]) != "9007199254740993" {
		t.Errorf("sorted = %v, want both integers exact and in order", got["sorted"])
	}
}

// A type error or an unknown function fails the read, naming the key; an
// empty body is null to every expression.
func TestExportValueErrors(t *testing.T) {
	for expr, want := range map[string]string{
		"nope(data)":          `response_export_values["bad"]`,
		"length(data.number)": `response_export_values["bad"]`,
	} {
		var diags diag.Diagnostics
		exportValues(context.Background(), "response_export_values", exportMap(t, map[string]string{"bad": expr}),
			[]byte(`{"data":{"number":5}}`), &diags)
		if !diags.HasError() || !strings.Contains(diags.Errors()[0].Detail(), want) {
			t.Errorf("%s: diagnostics %v, want an error naming %s", expr, diags, want)
		}
	}
	var diags diag.Diagnostics
	out := exportValues(context.Background(), "response_export_values", exportMap(t, map[string]string{"s": "data.status"}),
		nil, &diags)
	if obj, ok := out.UnderlyingValue().(types.Object); diags.HasError() || !ok || !obj.Attributes()["s"].IsNull() {
		t.Errorf("an empty body gave %v (%v), want s = null", out, diags)
	}
}

// A syntax error is reported when the configuration is validated, with
// its key and where in the expression it is.
func TestExpressionErrors(t *testing.T) {
	var diags diag.Diagnostics
	addExpressionErrors("sensitive_response_export_values", exportMap(t, map[string]string{
		"good": "data.status", "bad": "data.[status", "also": "data..x",
	}), &diags)
	if len(diags.Errors()) != 2 {
		t.Fatalf("%d errors, want 2: %v", len(diags.Errors()), diags)
	}
	for _, d := range diags.Errors() {
		if !strings.Contains(d.Detail(), `sensitive_response_export_values["`) || !strings.Contains(d.Detail(), "at character") {
			t.Errorf("error %q names no key or position", d.Detail())
		}
	}
}

// Numbers a float64 cannot hold keep their value, and their order inside
// JMESPath: integers beyond 2^53 of either sign, decimals with more digits
// than a float64 has, and numbers beyond its range, none of which may hang
// or fail the read.
func TestExportValuesKeepEveryNumber(t *testing.T) {
	huge, large := "1"+strings.Repeat("0", 400), "1"+strings.Repeat("0", 299)+"1"
	body := []byte(`{"a":10000000000000000000,"b":9999999999999999999,"pi":3.14159265358979323846264338327950288,
		"tiny":1e-400,"dec":12345678901234567890.0,"zero":0,"h1":` + huge + `,"h2":` + large + `,
		"neg":[-9007199254740995,-9007199254740993],"empty":[]}`)
	exprs := map[string]string{
		"max": "max([a, b])", "b_gt_a": "b > a", "pi": "pi", "tiny": "tiny", "dec": "dec",
		"h1": "h1", "h2": "h2", "h_order": "h1 > h2", "neg_min": "min(neg)", "avg_empty": "avg(empty)",
	}
	var diags diag.Diagnostics
	out := exportValues(context.Background(), "response_export_values", exportMap(t, exprs), body, &diags)
	if diags.HasError() {
		t.Fatal(diags)
	}
	obj, _ := out.UnderlyingValue().(types.Object)
	got := obj.Attributes()
	for k, want := range map[string]string{
		"max": "10000000000000000000", "pi": "3.14159265358979323846264338327950288", "tiny": "1e-400",
		"dec": "12345678901234567890", "h1": huge, "h2": large,
		"neg_min": "-9007199254740995",
	} {
		n, ok := got[k].(types.Number)
		w, _, _ := big.ParseFloat(want, 10, 512, big.ToNearestEven)
		if !ok || n.ValueBigFloat().Cmp(w) != 0 {
			t.Errorf("%s = %v, want %s", k, got[k], want)
		}
	}
	for k, want := range map[string]bool{"b_gt_a": false, "h_order": true} {
		if b, ok := got[k].(types.Bool); !ok || b.ValueBool() != want {
			t.Errorf("%s = %v, want %v", k, got[k], want)
		}
	}
	if !got["avg_empty"].IsNull() {
		t.Errorf("avg([]) = %v, want null", got["avg_empty"])
	}
}

// More numbers beyond the float64 range than it can tell apart fail the
// read with a reason, at once.
func TestExportValuesTooManyHugeNumbers(t *testing.T) {
	huge := "1" + strings.Repeat("0", 400)
	var diags diag.Diagnostics
	exportValues(context.Background(), "response_export_values", exportMap(t, map[string]string{"x": "a"}),
		[]byte(`{"a":`+huge+`,"b":`+huge+`1,"c":1e500}`), &diags)
	if !diags.HasError() || !strings.Contains(diags.Errors()[0].Detail(), "float64 range") {
		t.Errorf("%v, want an error about the float64 range", diags)
	}
}

// Expressions on which the library panics are read errors, not crashes.
func TestExportValuesLibraryPanics(t *testing.T) {
	for _, expr := range []string{"@()", "merge(`1`)", "merge(data.items)"} {
		var diags diag.Diagnostics
		exportValues(context.Background(), "response_export_values", exportMap(t, map[string]string{"x": expr}),
			[]byte(`{"data":{"items":[1,2]}}`), &diags)
		if !diags.HasError() || !strings.Contains(diags.Errors()[0].Detail(), `response_export_values["x"]`) {
			t.Errorf("%s: %v, want an error naming the key", expr, diags)
		}
	}
}

// BenchmarkExportValuesBigIDs exports from a body of 20,000 sequential
// 64-bit ids (about 400 KB), most of which a float64 cannot hold.
func BenchmarkExportValuesBigIDs(b *testing.B) {
	var body strings.Builder
	body.WriteString(`{"ids":[`)
	for i := range 20000 {
		if i > 0 {
			body.WriteString(",")
		}
		body.WriteString(strconv.FormatInt(9223372036854000000+int64(i), 10))
	}
	body.WriteString(`]}`)
	exports := exportMap(&testing.T{}, map[string]string{"max": "max(ids)", "count": "length(ids)"})
	for b.Loop() {
		var diags diag.Diagnostics
		exportValues(context.Background(), "response_export_values", exports, []byte(body.String()), &diags)
		if diags.HasError() {
			b.Fatal(diags)
		}
	}
}

// An export that fails names the export, the function, its argument and
// the JSON types, and no value of the response.
func TestExportErrorsNameTypesNotValues(t *testing.T) {
	body := []byte(`{"data":{"customer":{"email":"ada@example.com"},"addresses":{"ship":{"name":"Ada"}},
		"items":[{"qty":1},{"qty":"two"}],"total":5}}`)
	for expr, want := range map[string]string{
		"abs(data.customer.email)":     "abs expects a number; its argument data.customer.email is a string",
		"abs(data.addresses)":          "abs expects a number; its argument data.addresses is an object",
		"sum(data.items[*].qty)":       "sum expects an array of numbers; its argument data.items[*].qty is an array holding a string",
		"length(data.total)":           "length expects a string or an array or an object; its argument data.total is a number",
		"starts_with(data.total, 'a')": "starts_with expects a string; its argument data.total is a number",
		"nope(data)":                   "it calls nope(), which is no JMESPath function",
		"abs(data.total, `1`)":         "abs takes 1 argument, and it is given 2",
		"merge()":                      "merge takes at least 1 argument, and it is given 0",
		"data.items[*].abs(qty)":       "abs expects a number as its argument qty, and it got a value of another type",
		"merge(`1`)":                   "the JMESPath library cannot evaluate the expression",
	} {
		var diags diag.Diagnostics
		exportValues(context.Background(), "response_export_values", exportMap(t, map[string]string{"bad": expr}), body, &diags)
		if !diags.HasError() {
			t.Errorf("%s: no error", expr)
			continue
		}
		detail := diags.Errors()[0].Detail()
		if !strings.Contains(detail, `response_export_values["bad"]`) || !strings.Contains(detail, want) {
			t.Errorf("%s:\n%s\nwant it to name the key and say %q", expr, detail, want)
		}
		for _, v := range []string{"ada@", "Ada", "two"} {
			if strings.Contains(detail, v) {
				t.Errorf("%s: the error quotes %q: %s", expr, v, detail)
			}
		}
	}
}

// A number beyond the range the provider reads, such as 1e9999999999,
// fails only the exports whose result holds it, and never the plugin.
func TestExportValuesNumbersBeyondRange(t *testing.T) {
	long := "0." + strings.Repeat("7", 1<<20)
	body := []byte(`{"huge":1e9999999999,"neg":-1e9999999999,"tiny":1e-150000,"far":1e1001,"ok":1e1000,"s":"x",
		"long":` + long + `}`)
	for expr, fails := range map[string]bool{
		"s": false, "ok": false, "huge": true, "neg": true, "tiny": true, "far": true, "@": true, "long": true,
		"sum([`1`, huge])": true,
		"to_string(huge)":  true, "type(tiny)": true, "abs(huge)": true, "length(@)": false,
	} {
		var diags diag.Diagnostics
		exportValues(context.Background(), "response_export_values", exportMap(t, map[string]string{"x": expr}), body, &diags)
		if diags.HasError() != fails {
			t.Errorf("%s: errors %v, want failure %v", expr, diags, fails)
		} else if fails && !strings.Contains(diags.Errors()[0].Detail(), "beyond the range") {
			t.Errorf("%s: %s, want it to say the number is beyond the range", expr, diags.Errors()[0].Detail())
		}
	}
}
