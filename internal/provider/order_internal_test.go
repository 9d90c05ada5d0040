package provider

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

// orderJSON is an order in the published shape, personal data included,
// with its lists out of order.
const orderJSON = `{"statusCode":200,"message":"OK","data":{
  "referenceId":"LC-7","legacyOrderNumber":9007199254740993,"legacyStorefrontId":"sf","isHybrid":false,
  "partnerId":"prt_42","partnerName":"Partner","promoCode":null,
  "createdAt":"2026-11-02T10:15:00Z","updatedAt":"2026-11-03T10:15:00Z",
  %s
  "customer":{"id":"cus_1","firstName":"Ada","lastName":"Lovelace","email":"ada@example.com","phone":"+1 555 0100","birthdate":"1815-12-10"},
  "addresses":{"shipping":{"one":"12 St James's Square","city":"London","zip":"10001"},"billing":{"one":"12 St James's Square"}},
  "options":{"isGift":true,"giftRecipient":{"name":"Byron"},"giftMessage":"Happy birthday","deliveryInstructions":"Leave at door"},
  "amounts":{"subtotal":5499,"shipping":0,"tax":549.5,"discounts":-100,"total":"6048","taxDetails":{"state":549}},
  "paymentMethods":[{"type":"card","last4":"4242","holder":"Cardholder Ada"}],
  "retailers":[
    {"id":"ret_2","name":"Second","fulfillments":[
      {"id":"ful_b","type":"bopis","status":"ready","scheduledFor":null,"packages":[]},
      {"id":"ful_a","type":"shipping","status":"shipped","scheduledFor":"2026-11-04T09:00:00Z","packages":[
        {"id":"pkg_2","carrier":"UPS","trackingNumber":"1Z999","trackingUrl":"https://track.example/1Z999","status":"shipped"},
        {"id":"pkg_1","carrier":"FedEx","trackingNumber":"7788","trackingUrl":"https://track.example/7788","status":"delivered"}]}]},
    {"id":"ret_1","name":"First","fulfillments":[]}],
  "items":[
    {"id":"itm_2","fulfillmentId":"ful_a","retailerId":"ret_2","product":{"name":"Rum","brand":"Harbor","upc":"000000000024","sku":"R1"},
     "pricing":{"price":2499,"unitPrice":2499,"quantity":1},"attributes":{"engraving":{"lines":["To Ada"]}}},
    {"id":"itm_1","fulfillmentId":"ful_b","retailerId":"ret_2","product":{"name":"Gin","brand":"Juniper","upc":"000000000017","sku":"G1"},
     "pricing":{"price":3000,"unitPrice":1500,"quantity":2},"attributes":{"giftCard":{"sender":"Byron","message":"Enjoy"}}}]
}}`

func decodeOrder(t *testing.T, statusMembers string) orderModel {
	t.Helper()
	var o wireOrder
	if err := envelopeData(fmt.Appendf(nil, orderJSON, statusMembers), &o); err != nil {
		t.Fatal(err)
	}
	var m orderModel
	o.fill(&m)
	return m
}

// The status is the top-level one when the answer has it, else the latest
// timeline entry by its time (not by its place), else null.
func TestOrderStatus(t *testing.T) {
	timeline := `"timeline":[{"status":"created","timestamp":"2026-11-02T10:15:00Z"},
		{"status":"delivered","timestamp":"2026-11-05T08:00:00Z"},{"status":"inTransit","timestamp":"2026-11-04T08:00:00Z"}],`
	for name, tc := range map[string]struct {
		members string
		want    types.String
	}{
		"top level":                 {`"status":"processing",` + timeline, types.StringValue("processing")},
		"timeline only":             {timeline, types.StringValue("delivered")},
		"empty top level":           {`"status":"",` + timeline, types.StringValue("delivered")},
		"top level of another type": {`"status":7,` + timeline, types.StringValue("delivered")},
		"timeline in epoch millis": {`"timeline":[{"status":"created","timestamp":1762078500000},
			{"status":"canceled","timestamp":"2026-11-03T00:00:00Z"}],`, types.StringValue("canceled")},
		"timeline without times": {`"timeline":[{"status":"created"}],`, types.StringNull()},
		"neither":                {``, types.StringNull()},
	} {
		if got := decodeOrder(t, tc.members).Status; !got.Equal(tc.want) {
			t.Errorf("%s: status %v, want %v", name, got, tc.want)
		}
	}
}

// What the schema keeps is decoded exactly, lists sorted by id, amounts as
// the API gives them; nothing personal is kept.
func TestOrderDecoding(t *testing.T) {
	m := decodeOrder(t, `"status":"delivered",`)
	for what, got := range map[string]string{
		"reference_id": m.ReferenceID.ValueString(), "legacy_order_number": m.LegacyOrderNumber.ValueBigFloat().Text('f', -1),
		"partner": m.PartnerID.ValueString() + "/" + m.PartnerName.ValueString(), "created_at": m.CreatedAt.ValueString(),
		"subtotal": m.Amounts.Subtotal.String(), "tax": m.Amounts.Tax.String(), "discounts": m.Amounts.Discounts.String(),
		"total": m.Amounts.Total.String(), "tip": m.Amounts.Tip.String(),
		"retailers":    m.Retailers[0].ID.ValueString() + "," + m.Retailers[1].ID.ValueString(),
		"fulfillments": m.Retailers[1].Fulfillments[0].ID.ValueString() + "," + m.Retailers[1].Fulfillments[1].ID.ValueString(),
		"packages": m.Retailers[1].Fulfillments[0].Packages[0].Carrier.ValueString() + "," +
			m.Retailers[1].Fulfillments[0].Packages[1].Carrier.ValueString(),
		"scheduled": m.Retailers[1].Fulfillments[0].ScheduledFor.String() + "," + m.Retailers[1].Fulfillments[1].ScheduledFor.String(),
		"items":     m.Items[0].UPC.ValueString() + "," + m.Items[1].UPC.ValueString(),
		"item_1":    m.Items[0].Quantity.String() + "x" + m.Items[0].UnitPrice.String() + "=" + m.Items[0].Price.String(),
	} {
		want := map[string]string{
			"reference_id": "LC-7", "legacy_order_number": "9007199254740993", "partner": "prt_42/Partner",
			"created_at": "2026-11-02T10:15:00Z", "subtotal": "5499", "tax": "549.5", "discounts": "-100", "total": "6048",
			"tip": "<null>", "retailers": "ret_1,ret_2", "fulfillments": "ful_a,ful_b", "packages": "FedEx,UPS",
			"scheduled": `"2026-11-04T09:00:00Z",<null>`, "items": "000000000017,000000000024", "item_1": "2x1500=3000",
		}[what]
		if got != want {
			t.Errorf("%s = %s, want %s", what, got, want)
		}
	}
	raw, _ := json.Marshal(fmt.Sprintf("%#v", m))
	for _, personal := range []string{"Lovelace", "ada@example.com", "555", "1815", "St James", "Byron", "Happy birthday",
		"Leave at door", "4242", "Cardholder", "1Z999", "7788", "track.example", "To Ada", "Enjoy", "cus_1"} {
		if strings.Contains(string(raw), personal) {
			t.Errorf("the model holds %q", personal)
		}
	}
}

// Fields of unexpected types, or missing, are null; an answer without data
// is an error.
func TestOrderDecodingOddAnswers(t *testing.T) {
	var o wireOrder
	if err := envelopeData([]byte(`{"statusCode":200,"data":{"referenceId":12,"legacyOrderNumber":"77","amounts":[]}}`), &o); err != nil {
		t.Fatal(err)
	}
	var m orderModel
	o.fill(&m)
	if !m.ReferenceID.IsNull() || m.LegacyOrderNumber.String() != "77" || m.Amounts != nil || m.Items == nil || len(m.Items) != 0 {
		t.Errorf("odd answer decoded as %+v", m)
	}
	if err := envelopeData([]byte(`{"statusCode":200,"message":"OK"}`), &o); err == nil {
		t.Error("an answer without data decoded")
	}
}

// One element of an unexpected type leaves out that element only.
func TestListsKeepTheirGoodElements(t *testing.T) {
	var page wireOrdersPage
	if err := envelopeData([]byte(`{"data":{"total":3,"orders":[{"referenceId":"LC-1"},"oops",null,{"referenceId":"LC-2"}]}}`),
		&page); err != nil {
		t.Fatal(err)
	}
	if len(page.Orders.v) != 2 || page.Orders.len() != 4 || page.Orders.v[1].ReferenceID.v != "LC-2" {
		t.Errorf("decoded %d of %d orders: %+v", len(page.Orders.v), page.Orders.len(), page.Orders.v)
	}
}
