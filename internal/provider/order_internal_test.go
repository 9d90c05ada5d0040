package provider

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// orderJSON is an order in the published shape, personal data included,
// with its lists out of order.
const orderJSON = `{"statusCode":200,"message":"OK","data":{
  "referenceId":"LC-7","legacyOrderNumber":"000900719925474099301","legacyStorefrontId":"sf","isHybrid":false,
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
      {"id":"ful_b","type":"bopis","status":"processing","scheduledFor":null,"packages":[],"updatedAt":"2026-11-03T10:15:00Z",
       "bopisContact":{"firstName":"Mary","lastName":"Pickup","email":"mary@example.com","phoneNumber":"+1 555 0199","isGift":true}},
      {"id":"ful_a","type":"shipping","status":"inTransit","scheduledFor":"2026-11-04T09:00:00Z","packages":[
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

// orderWith is a page's order, or an order's data, with fulfillments of
// the members given (each an object's members) and top-level members.
func orderWith(top string, fulfillments ...string) string {
	var fs []string
	for i, f := range fulfillments {
		fs = append(fs, fmt.Sprintf(`{"id":"ful_%d",%s}`, i, strings.TrimSuffix(f, ",")))
	}
	return fmt.Sprintf(`{"referenceId":"LC-9",%s"retailers":[{"id":"ret_1","fulfillments":[%s]},{"id":"ret_2"}]}`,
		top, strings.Join(fs, ","))
}

// Every step of the status rule (descOrderStatus), through the decoding of
// an answer: the fulfillments' own statuses, their timelines, the
// top-level status, and the mixes.
func TestOrderStatusRule(t *testing.T) {
	timeline := `"timeline":[{"status":"created","timestamp":"2026-11-02T10:15:00Z"},
		{"status":"delivered","timestamp":"2026-11-05T08:00:00Z"},{"status":"inTransit","timestamp":"2026-11-04T08:00:00Z"}]`
	st := func(s string) string { return `"status":"` + s + `"` }
	for _, tc := range []struct {
		name, order string
		want        string // "<null>" for null
	}{
		// 1. A fulfillment's status: its status, else its latest timeline
		// entry by timestamp (not by place), else unknown.
		{"1: its status wins over its timeline", orderWith(``, st("processing")+","+timeline), "processing"},
		{"1: latest timeline entry by time", orderWith(``, timeline), "delivered"},
		{"1: an empty status reads the timeline", orderWith(``, st("")+","+timeline), "delivered"},
		{"1: a status of another type reads the timeline", orderWith(``, `"status":7,`+timeline), "delivered"},
		{"1: timeline in epoch millis", orderWith(``, `"timeline":[{"status":"created","timestamp":1762078500000},
			{"status":"processing","timestamp":"2026-11-03T00:00:00Z"}]`), "processing"},
		{"1: a timeline without times is unknown", orderWith(``, `"timeline":[{"status":"created"}]`), "<null>"},
		{"1: no status and no timeline is unknown", orderWith(``, `"type":"shipping"`), "<null>"},
		{"1: one unknown among known ones", orderWith(``, st("delivered"), `"type":"bopis"`), "<null>"},
		// 2. No fulfillments: the top-level status, else null.
		{"2: top-level status", orderWith(st("created") + ","), "created"},
		{"2: a top-level status of any value", orderWith(st("onHold") + ","), "onHold"},
		{"2: an empty top-level status is absent", orderWith(st("") + ","), "<null>"},
		{"2: a top-level status of another type", orderWith(`"status":3,`), "<null>"},
		{"2: neither", orderWith(``), "<null>"},
		{"2: no retailers at all", `{"referenceId":"LC-9","status":"test"}`, "test"},
		// 3. Canceled ones left out; none left is canceled.
		{"3: all canceled", orderWith(``, st("canceled"), st("canceled")), "canceled"},
		{"3: canceled by timeline", orderWith(``, `"timeline":[{"status":"canceled","timestamp":"2026-11-03T00:00:00Z"}]`),
			"canceled"},
		{"3: one canceled, one delivered", orderWith(``, st("canceled"), st("delivered")), "delivered"},
		{"3: the top-level status does not count", orderWith(st("delivered")+",", st("canceled")), "canceled"},
		// 4. All in the flow: the least advanced.
		{"4: inTransit and delivered", orderWith(``, st("delivered"), st("inTransit")), "inTransit"},
		{"4: created and delivered", orderWith(``, st("delivered"), st("created"), st("canceled")), "created"},
		{"4: all delivered", orderWith(``, st("delivered"), st("delivered")), "delivered"},
		{"4: processing by timeline and delivered", orderWith(``, st("delivered"),
			`"timeline":[{"status":"processing","timestamp":"2026-11-03T00:00:00Z"}]`), "processing"},
		{"4: the fulfillments win over the top-level status", orderWith(st("delivered")+",", st("processing")),
			"processing"},
		// 5. Otherwise all the same, else null.
		{"5: all test", orderWith(``, st("test"), st("test")), "test"},
		{"5: test and a canceled one", orderWith(``, st("test"), st("canceled")), "test"},
		{"5: all of a status not in the flow", orderWith(``, st("ready")), "ready"},
		{"5: test and delivered", orderWith(``, st("test"), st("delivered")), "<null>"},
		{"5: two statuses outside the flow", orderWith(``, st("test"), st("ready")), "<null>"},
	} {
		var o wireOrder
		if err := envelopeData([]byte(`{"data":`+tc.order+`}`), &o); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		var m orderModel
		o.fill(&m)
		got, row := m.Status.String(), summary(&o).Status.String()
		if want := map[bool]string{true: `"` + tc.want + `"`, false: tc.want}[tc.want != "<null>"]; got != want || row != want {
			t.Errorf("%s: status %s, orders row %s, want %s", tc.name, got, row, want)
		}
	}
}

// api_status is the top-level status exactly as sent; fulfillment_statuses
// are the distinct known ones, sorted; each fulfillment has updated_at.
func TestOrderStatusFields(t *testing.T) {
	var o wireOrder
	body := orderWith(`"status":"inTransit","updatedAt":"2026-11-06T00:00:00Z",`,
		`"status":"processing","updatedAt":"2026-11-04T00:00:00Z"`, `"status":"delivered"`, `"status":"processing"`,
		`"type":"digital"`, `"status":"canceled"`)
	if err := envelopeData([]byte(`{"data":`+body+`}`), &o); err != nil {
		t.Fatal(err)
	}
	var m orderModel
	o.fill(&m)
	row := summary(&o)
	if m.APIStatus.ValueString() != "inTransit" || !m.Status.IsNull() || !row.Status.IsNull() {
		t.Errorf("api_status %s, status %s, row status %s; want inTransit, null (an unknown one), null",
			m.APIStatus, m.Status, row.Status)
	}
	if fmt.Sprint(row.FulfillmentStatuses) != `["canceled" "delivered" "processing"]` ||
		row.UpdatedAt.ValueString() != "2026-11-06T00:00:00Z" {
		t.Errorf("row fulfillment_statuses %v, updated_at %s", row.FulfillmentStatuses, row.UpdatedAt)
	}
	if f := m.Retailers[0].Fulfillments[0]; f.UpdatedAt.ValueString() != "2026-11-04T00:00:00Z" || !m.Retailers[0].Fulfillments[1].UpdatedAt.IsNull() {
		t.Errorf("fulfillment updated_at %s, %s", f.UpdatedAt, m.Retailers[0].Fulfillments[1].UpdatedAt)
	}
	if err := envelopeData([]byte(`{"data":{"referenceId":"LC-9","status":""}}`), &o); err != nil {
		t.Fatal(err)
	}
	if o.fill(&m); m.APIStatus.ValueString() != "" || m.APIStatus.IsNull() || !m.Status.IsNull() {
		t.Errorf("an empty top-level status: api_status %s, status %s; want \"\", null", m.APIStatus, m.Status)
	}
}

// What the schema keeps is decoded exactly, lists sorted by id, amounts as
// the API gives them; nothing personal is kept.
func TestOrderDecoding(t *testing.T) {
	m := decodeOrder(t, `"status":"delivered",`)
	if m.Status.ValueString() != "processing" || m.APIStatus.ValueString() != "delivered" {
		t.Errorf("status %s, api_status %s; want processing (a pickup processing, a shipment inTransit), delivered",
			m.Status, m.APIStatus)
	}
	for what, got := range map[string]string{
		"reference_id": m.ReferenceID.ValueString(), "legacy_order_number": m.LegacyOrderNumber.ValueString(),
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
			"reference_id": "LC-7", "legacy_order_number": "000900719925474099301", "partner": "prt_42/Partner",
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
		"Leave at door", "4242", "Cardholder", "1Z999", "7788", "track.example", "To Ada", "Enjoy", "cus_1", "Pickup",
		"mary@example.com"} {
		if strings.Contains(string(raw), personal) {
			t.Errorf("the model holds %q", personal)
		}
	}
}

// Fields of unexpected types, or missing, are null; an answer without data
// is an error.
func TestOrderDecodingOddAnswers(t *testing.T) {
	var o wireOrder
	if err := envelopeData([]byte(`{"statusCode":200,"data":{"referenceId":12,"legacyOrderNumber":9007199254740993.0e0,
		"partnerId":true,"amounts":[]}}`), &o); err != nil {
		t.Fatal(err)
	}
	var m orderModel
	o.fill(&m)
	if m.ReferenceID.ValueString() != "12" || m.LegacyOrderNumber.ValueString() != "9007199254740993.0e0" ||
		!m.PartnerID.IsNull() || m.Amounts != nil || m.Items == nil || len(m.Items) != 0 {
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
