package provider_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/fakeapi"
)

// A typed read's answer that is not what the read expects is an error that
// names the field path and the JSON type found, never a value: encoding/json
// quotes numbers ("cannot unmarshal number ... into ..."), and an answer's
// values may be personal data.
func TestProtocolTypedReadDecodeErrorsQuoteNoValue(t *testing.T) {
	const value = "4815162342e7"
	for _, tc := range []struct {
		typeName, path string
		vals           map[string]tftypes.Value
		edit           func(body map[string]any)
		want           string
	}{
		{"liquidcommerce_order", "/orders/LC-1001", map[string]tftypes.Value{"id": str("LC-1001")},
			func(body map[string]any) { body["data"] = json.Number(value) }, "data is a JSON number, not an object"},
		{"liquidcommerce_orders", fakeapi.OrdersPath, november,
			func(body map[string]any) { body["data"] = json.Number(value) }, "data is a JSON number, not an object"},
		{"liquidcommerce_orders", fakeapi.OrdersPath, november,
			func(body map[string]any) { body["data"].(map[string]any)["orders"] = json.Number(value) },
			"data.orders is a JSON number, not an array"},
	} {
		e := ordersEnv(t, 3)
		e.srv.Inject(fakeapi.Fault{Path: tc.path, Edit: tc.edit})
		_, errs := e.catalogRead(t, tc.typeName, tc.vals)
		if !strings.Contains(errs, tc.want) || strings.Contains(errs, "4815162342") {
			t.Errorf("%s answering %s: errors\n%s\nwant them to say %q and not to quote the value", tc.typeName,
				tc.want, errs, tc.want)
		}
	}
}
