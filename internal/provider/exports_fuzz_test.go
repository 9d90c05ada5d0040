package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"math/big"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/markers"
)

// exportSeeds are answers as the API gives them and the odd values an
// answer may hold.
var exportSeeds = []string{
	`{"statusCode":200,"message":"OK","metadata":{"requestId":"reqid_1","timestamp":1731590739955},
	  "data":{"referenceId":"LC-1001","legacyOrderNumber":"000482","customer":{"email":"ada@example.com"},
	  "amounts":{"total":6048,"tax":0.1},"items":[{"upc":"00087229178758","qty":1}]}}`,
	`{"products":[{"id":"p1","sizes":{"750ml":{"price":2999}}}],"navigation":{"currentPage":0,"cursor":{"nextPageToken":""}}}`,
	`{"a":1e9999999999,"b":-1e9999999999,"c":1e-9999999999,"d":1e-150000,"e":1e1000,"f":1e-1000,"g":1e1001}`,
	`{"big":9007199254740993,"dec":0.1,"neg":-0,"z":0e9999999999,"m":123456789012345678901234567890.5e-3}`,
	`{"\u0061uth":{"token":"x"},"a\"b":"c","":{"":[]},"é":"\u00e9"}`,
	"{\"bad\":\"\xff\xfe\",\"k\xff\":1}",
	`[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]`,
	`{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":null}}}}}}}}}}}}`,
	`{"dup":1,"dup":"two","x":[true,false,null,"s",1.5,{}]}`,
	`"just a string"`, `12`, `null`, `true`, ``, `{"a":`, `{"a":1}{"b":2}`,
}

// FuzzExportValues: for any answer, an export of @ is what a reference JSON
// decoder reads, numbers exact, or an error when the answer is no JSON or
// holds a number beyond the provider's range; the value can be sent to
// Terraform; and failing exports quote no value of the answer.
func FuzzExportValues(f *testing.F) {
	for _, s := range exportSeeds {
		f.Add([]byte(s), uint64(1))
	}
	failing := map[string]string{
		"type": "abs(@)", "arg": "sum(values(@))", "unknown": "nope(@)", "arity": "abs(@, @)",
		"nested": "length(data.customer.email) || abs(data.customer.email)", "sort": "sort_by(values(@), &@)",
	}
	f.Fuzz(func(t *testing.T, body []byte, seed uint64) {
		ctx := context.Background()
		var diags diag.Diagnostics
		out := exportValues(ctx, "response_export_values", exportMap(t, map[string]string{"all": "@"}), body, &diags)
		want, wantOK := referenceDecode(body)
		switch {
		case wantOK == refFails && !diags.HasError():
			t.Fatalf("exported %s from an answer the reference refuses", out)
		case wantOK == refReads && diags.HasError():
			t.Fatalf("export failed on an answer the reference reads: %v", diags)
		case !diags.HasError():
			obj, _ := out.UnderlyingValue().(types.Object)
			if msg := sameValue(obj.Attributes()["all"], want, "@"); msg != "" {
				t.Fatal(msg)
			}
			// What Terraform would be sent.
			tv, err := out.ToTerraformValue(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := tfprotov6.NewDynamicValue(tv.Type(), tv); err != nil {
				t.Fatalf("the value cannot be sent to Terraform: %v", err)
			}
		}
		planted, err := markers.Plant(body, seed, nil)
		if err != nil {
			return
		}
		for name, expr := range failing {
			var diags diag.Diagnostics
			exportValues(ctx, "sensitive_response_export_values", exportMap(t, map[string]string{name: expr}), planted.JSON, &diags)
			for _, d := range diags {
				if leaks := planted.Leaks(d.Summary()+" "+d.Detail(), nil); leaks != nil {
					t.Fatalf("%s: the error quotes the answer's %v: %s", expr, leaks, d.Detail())
				}
			}
		}
	})
}

// What the reference decoder makes of an answer.
const (
	refReads = iota
	refFails
	refEither // a number at the edge of the provider's range
)

// referenceDecode decodes an answer with encoding/json, numbers as their
// text, and says whether the provider must read it: no when it is no JSON
// or a number in it is far beyond 1e±1000, either when one is near.
func referenceDecode(body []byte) (any, int) {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, refReads
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if dec.Decode(&v) != nil {
		return nil, refFails
	}
	verdict := refReads
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case json.Number:
			n, _, err := big.ParseFloat(string(x), 10, 512, big.ToNearestEven)
			switch e := 0; {
			case zeroMantissa(string(x)):
				// Zero, whatever its exponent (0e99999999999999999999).
			case err != nil, n.IsInf(), n.Sign() == 0, mantissaDigits(string(x)) > 1100:
				// A zero from digits that are not all zeros is an
				// underflow (1e-700000000).
				verdict = max(verdict, refFails)
			default:
				// 1e±1000 is about 2^±3322.
				if e = n.MantExp(nil); e > 3350 || e < -3350 {
					verdict = max(verdict, refFails)
				} else if e > 3300 || e < -3300 {
					verdict = max(verdict, refEither)
				}
			}
		case map[string]any:
			for _, e := range x {
				walk(e)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	walk(v)
	return v, verdict
}

// sameValue says how a Terraform value differs from what the reference
// decoded, or "" when it does not.
func sameValue(got attr.Value, want any, at string) string {
	if d, ok := got.(types.Dynamic); ok && d.IsNull() {
		if want != nil {
			return at + ": got null, want a value of Go type " + typeName(want)
		}
		return ""
	} else if ok {
		got = d.UnderlyingValue()
	}
	fail := func() string { return at + ": got " + got.String() + ", want a value of Go type " + typeName(want) }
	switch w := want.(type) {
	case nil:
		if got == nil || !got.IsNull() {
			return fail()
		}
	case bool:
		if b, ok := got.(types.Bool); !ok || b.ValueBool() != w {
			return fail()
		}
	case string:
		if s, ok := got.(types.String); !ok || s.ValueString() != w || !utf8.ValidString(s.ValueString()) {
			return fail()
		}
	case json.Number:
		n, ok := got.(types.Number)
		wn, _, _ := big.ParseFloat(string(w), 10, 512, big.ToNearestEven)
		if zeroMantissa(string(w)) {
			wn = new(big.Float)
		}
		if !ok || n.ValueBigFloat().Cmp(wn) != 0 {
			return fail() + " (" + strings.TrimSpace(string(w)) + ")"
		}
	case map[string]any:
		o, ok := got.(types.Object)
		if !ok || len(o.Attributes()) != len(w) {
			return fail()
		}
		for k, e := range w {
			if msg := sameValue(o.Attributes()[k], e, at+"."+k); msg != "" {
				return msg
			}
		}
	case []any:
		tuple, ok := got.(types.Tuple)
		if !ok || len(tuple.Elements()) != len(w) {
			return fail()
		}
		for i, e := range w {
			if msg := sameValue(tuple.Elements()[i], e, at+"[]"); msg != "" {
				return msg
			}
		}
	}
	return ""
}

func typeName(v any) string {
	switch v.(type) {
	case nil:
		return "nil"
	case map[string]any:
		return "object"
	case []any:
		return "array"
	}
	return "scalar"
}

// mantissaDigits counts the digits of a JSON number before its exponent.
func mantissaDigits(s string) int {
	mant, _, _ := strings.Cut(strings.ToLower(s), "e")
	return len(strings.NewReplacer("-", "", ".", "").Replace(mant))
}

// zeroMantissa is true for a JSON number whose digits are all zeros.
func zeroMantissa(s string) bool {
	mant, _, _ := strings.Cut(strings.ToLower(s), "e")
	return strings.Trim(mant, "-0.") == ""
}
