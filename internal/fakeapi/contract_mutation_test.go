package fakeapi_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/fakeapi"
)

// A field kind says what a valid value and a broken one (of the wrong JSON
// type) look like.
type fieldKind struct {
	name      string
	good, bad func(old any) any
}

func keep(fallback any) func(any) any {
	return func(old any) any {
		if old == nil {
			return fallback
		}
		return old
	}
}

func constant(v any) func(any) any { return func(any) any { return v } }

var (
	// an identifier or other text; a number is the defect issue 21 found.
	kString = fieldKind{"string", constant("A-01"), constant(json.Number("9007199254740993"))}
	// string | null.
	kNullString = fieldKind{"string|null", constant("A-01"), constant(json.Number("42"))}
	// a count or page number: a string is the wrong type.
	kCount = fieldKind{"integer", constant(json.Number("3")), constant("3")}
	// money in cents: a fraction is not an integer.
	kMoney = fieldKind{"integer cents", constant(json.Number("1250")), constant(json.Number("12.5"))}
	// a coordinate.
	kNumber  = fieldKind{"number", constant(json.Number("40.75")), constant("40.75")}
	kBoolean = fieldKind{"boolean", constant(true), constant("true")}
	kObject  = fieldKind{"object", keep(map[string]any{}), constant("x")}
	kArray   = fieldKind{"array", keep([]any{}), constant("x")}
	// fulfillmentTypes entries: strings, and a boolean is the defect.
	kFlag = fieldKind{"string (not boolean)", constant("ful_01"), constant(true)}
	// cursor tokens: strings, "" for none, never null.
	kToken = fieldKind{"string (never null)", constant(""), constant(nil)}
	// one of the order statuses.
	kStatus      = fieldKind{"order status", constant("delivered"), constant(json.Number("1"))}
	kFulfillment = fieldKind{"fulfillment type", constant("shipping"), constant(json.Number("1"))}
	kPackage     = fieldKind{"package status", constant("shipped"), constant(json.Number("1"))}
	kModalities  = fieldKind{"modality or modalities", constant([]any{"shipping"}), constant(json.Number("7"))}
	// the order an answer's data must be.
	kData = fieldKind{"object", keep(map[string]any{}), constant([]any{})}
)

// A held field: where it is in an answer of a kind, its kind, and whether
// the contract requires it.
type heldField struct {
	answer   string
	path     string
	kind     fieldKind
	required bool
}

// heldFields lists every field the typed reads use (the wire types of
// internal/provider: wireOrder, wireOrdersPage, wireCatalog, wireProduct,
// wireSize, wireVariant, wireCatalogRetailer, wireNavigation, the envelope)
// and the fields issue 21 adds to them.
func heldFields() []heldField {
	var out []heldField
	add := func(answer string, required bool, kind fieldKind, paths ...string) {
		for _, p := range paths {
			out = append(out, heldField{answer, p, kind, required})
		}
	}
	// The envelope and an order.
	add(kindOrder, true, kCount, "statusCode")
	add(kindOrder, true, kString, "message", "metadata.requestId")
	add(kindOrder, true, kObject, "metadata")
	add(kindOrder, true, kData, "data")
	add(kindOrder, true, kNullString, "data.referenceId", "data.legacyOrderNumber")
	add(kindOrder, true, kString, "data.partnerId", "data.partnerName", "data.createdAt", "data.updatedAt")
	add(kindOrder, false, kString, "data.status")
	add(kindOrder, true, kObject, "data.amounts")
	for _, a := range []string{"subtotal", "shipping", "platform", "tax", "engraving", "service", "delivery", "discounts", "giftCards", "tip", "total"} {
		add(kindOrder, true, kMoney, "data.amounts."+a)
	}
	add(kindOrder, true, kArray, "data.retailers", "data.retailers[0].fulfillments")
	add(kindOrder, true, kString, "data.retailers[0].id", "data.retailers[0].name")
	const f = "data.retailers[0].fulfillments[0]"
	add(kindOrder, true, kString, f+".id", f+".updatedAt", f+".timeline[0].timestamp", f+".packages[0].id")
	add(kindOrder, true, kFulfillment, f+".type")
	add(kindOrder, true, kStatus, f+".status", f+".timeline[0].status")
	add(kindOrder, true, kNullString, f+".scheduledFor", f+".packages[0].carrier")
	add(kindOrder, true, kArray, f+".timeline", f+".packages")
	add(kindOrder, true, kPackage, f+".packages[0].status")
	add(kindOrder, true, kArray, "data.items")
	add(kindOrder, true, kString, "data.items[0].id", "data.items[0].retailerId",
		"data.items[0].product.name", "data.items[0].product.brand", "data.items[0].product.upc", "data.items[0].product.sku")
	add(kindOrder, true, kNullString, "data.items[0].fulfillmentId")
	add(kindOrder, true, kObject, "data.items[0].product", "data.items[0].pricing")
	add(kindOrder, true, kMoney, "data.items[0].pricing.price", "data.items[0].pricing.unitPrice")
	add(kindOrder, true, kCount, "data.items[0].pricing.quantity")

	// A page of the orders list.
	add(kindOrders, true, kString, "data.startDate", "data.endDate", "data.orders[0].createdAt", "data.orders[0].retailers[0].fulfillments[0].updatedAt")
	add(kindOrders, true, kCount, "data.page", "data.limit", "data.total")
	add(kindOrders, true, kArray, "data.orders")
	add(kindOrders, true, kNullString, "data.orders[0].referenceId", "data.orders[0].legacyOrderNumber")
	add(kindOrders, true, kStatus, "data.orders[0].retailers[0].fulfillments[0].status")

	// A search page.
	add(kindSearch, true, kCount, "statusCode")
	add(kindSearch, true, kArray, "products", "retailers")
	add(kindSearch, true, kObject, "navigation", "navigation.cursor")
	add(kindSearch, true, kCount, "navigation.currentPage", "navigation.totalPages", "navigation.totalCount")
	add(kindSearch, true, kToken, "navigation.cursor.nextPageToken", "navigation.cursor.previousPageToken")
	const p, s, v = "products[0]", "products[0].sizes[0]", "products[0].sizes[0].variants[0]"
	add(kindSearch, true, kString, p+".id", p+".name", p+".brand", p+".category",
		s+".id", s+".upc", s+".size", s+".volume", s+".uom", v+".partNumber", v+".retailerId")
	add(kindSearch, true, kArray, p+".sizes", s+".variants", v+".fulfillments")
	add(kindSearch, true, kBoolean, s+".pack")
	add(kindSearch, true, kMoney, v+".price", v+".salePrice")
	add(kindSearch, true, kCount, v+".stock")
	add(kindSearch, true, kObject, v+".fulfillmentTypes")
	add(kindSearch, true, kFlag, v+".fulfillmentTypes.shipping", v+".fulfillmentTypes.onDemand", v+".fulfillmentTypes.bopis")
	add(kindSearch, false, kModalities, v+".modalities")
	add(kindSearch, false, kString, v+".fulfillments[0]")
	const r = "retailers[0]"
	add(kindSearch, true, kString, r+".id", r+".name", r+".fulfillments[0].id")
	add(kindSearch, true, kArray, r+".fulfillments")
	add(kindSearch, true, kFulfillmentModality, r+".fulfillments[0].type")
	add(kindSearch, true, kObject, r+".address")
	add(kindSearch, true, kNumber, r+".address.lat", r+".address.long")

	// An availability answer.
	add(kindAvailability, true, kArray, "products", "retailers", s+".variants")
	add(kindAvailability, true, kString, p+".id", s+".upc", v+".partNumber")
	add(kindAvailability, true, kCount, v+".stock")
	add(kindAvailability, true, kFlag, v+".fulfillmentTypes.shipping", v+".fulfillmentTypes.onDemand", v+".fulfillmentTypes.bopis")
	add(kindAvailability, true, kArray, v+".fulfillments")
	add(kindAvailability, true, kFulfillmentModality, r+".fulfillments[0].type")

	// An error.
	add(kindError, true, kCount, "statusCode")
	add(kindError, true, kString, "message", "metadata.requestId")
	add(kindError, false, kArray, "errors")
	return out
}

// kFulfillmentModality is a catalog retailer fulfillment's type.
var kFulfillmentModality = fieldKind{"modality", constant("onDemand"), constant(json.Number("1"))}

var pathToken = regexp.MustCompile(`([^.\[\]]+)|\[(\d+)\]`)

// parsePath turns a.b[0].c into its keys and indexes.
func parsePath(p string) []any {
	var out []any
	for _, m := range pathToken.FindAllStringSubmatch(p, -1) {
		if m[2] != "" {
			n, _ := strconv.Atoi(m[2])
			out = append(out, n)
		} else {
			out = append(out, m[1])
		}
	}
	return out
}

func pointer(path []any) string {
	var b strings.Builder
	for _, k := range path {
		b.WriteString("/")
		b.WriteString(strings.ReplaceAll(strings.ReplaceAll(fmt.Sprint(k), "~", "~0"), "/", "~1"))
	}
	return b.String()
}

// edit sets (or, when del, deletes) the value at path in doc and returns
// the changed doc and the value that was there. Objects and array slots on
// the way that the answer lacks are made, so that a field is held by the
// contract even where the fake leaves out its parent today; made says so.
func edit(doc any, path []any, set func(old any) any, del bool, made *[]string) (out, old any) {
	if len(path) == 0 {
		return set(doc), doc
	}
	switch k := path[0].(type) {
	case string:
		m, ok := doc.(map[string]any)
		if !ok {
			*made = append(*made, fmt.Sprintf("%s (was %T)", k, doc))
			m = map[string]any{}
		}
		if len(path) == 1 && del {
			old = m[k]
			delete(m, k)
			return m, old
		}
		m[k], old = edit(m[k], path[1:], set, del, made)
		return m, old
	case int:
		s, ok := doc.([]any)
		if !ok || k >= len(s) {
			*made = append(*made, fmt.Sprintf("[%d]", k))
			for len(s) <= k {
				s = append(s, map[string]any{})
			}
		}
		s[k], old = edit(s[k], path[1:], set, del, made)
		return s, old
	}
	panic(fmt.Sprintf("a path holds %T", path[0]))
}

func clone(t *testing.T, doc any) any {
	t.Helper()
	raw, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	out, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// realAnswers fetches one answer of each kind from the fake.
func realAnswers(t *testing.T) map[string]any {
	t.Helper()
	out := map[string]any{}
	a := startAPI(t, fakeapi.Options{CatalogCursor: true, ProductCount: 23})
	list := a.ok(t, ordersQuery(1, 2), nil)
	out[kindOrders] = list
	ref := text(at(list, "data", "orders", 0, "referenceId"))
	if ref == "" {
		ref = text(at(list, "data", "orders", 0, "legacyOrderNumber"))
	}
	out[kindOrder] = a.ok(t, fakeapi.OrdersPath+"/"+ref, nil)
	out[kindSearch] = a.ok(t, fakeapi.CatalogSearchPath, map[string]any{"page": 0, "perPage": 5})
	k := readCatalogKeys(t, a)
	out[kindAvailability] = a.ok(t, fakeapi.CatalogAvailabilityPath, map[string]any{"upcs": k.upcs, "loc": address})
	status, e := a.do(t, fakeapi.OrdersPath+"/NO-SUCH-ORDER", nil, nil)
	if status != http.StatusNotFound {
		t.Fatalf("an unknown order answered HTTP %d", status)
	}
	out[kindError] = e
	return out
}

// violationsAt are the violations of doc at a JSON pointer, other than
// missing properties of the value there.
func violationsAt(vs []violation, at string) []violation {
	var out []violation
	for _, v := range vs {
		if v.at == at && !strings.HasSuffix(v.rule, "/required") {
			out = append(out, v)
		}
	}
	return out
}

// missingAt are the violations that say the field name is missing from the
// object at a JSON pointer.
func missingAt(vs []violation, at, name string) []violation {
	var out []violation
	for _, v := range vs {
		if v.at == at && strings.HasSuffix(v.rule, "/required") && strings.Contains(v.message, "'"+name+"'") {
			out = append(out, v)
		}
	}
	return out
}

// For each field the typed reads use, a real answer of the fake with that
// one field broken (a wrong JSON type, or missing where required) is
// refused by the contract, at that field, while the same answer with a
// valid value there is not: so the contract holds the field.
func TestContractHoldsEachField(t *testing.T) {
	c := loadContract(t)
	answers := realAnswers(t)
	held := 0
	for _, hf := range heldFields() {
		path := parsePath(hf.path)
		at := pointer(path)
		t.Run(hf.answer+" "+hf.path+" "+hf.kind.name, func(t *testing.T) {
			var made []string
			good, old := edit(clone(t, answers[hf.answer]), path, hf.kind.good, false, &made)
			if len(made) > 0 {
				t.Logf("the fake's answer lacks %v on the way to %s; made", made, hf.path)
			}
			if old == nil && hf.required {
				t.Logf("the fake's answer has %s absent or null", hf.path)
			}
			if vs := violationsAt(c.check(hf.answer, good), at); len(vs) > 0 {
				t.Fatalf("with a valid %s at %s, the contract still refuses it: %v", hf.kind.name, hf.path, vs)
			}
			badDoc, _ := edit(clone(t, good), path, hf.kind.bad, false, &made)
			vs := violationsAt(c.check(hf.answer, badDoc), at)
			if len(vs) == 0 {
				t.Errorf("the contract accepts %s = %v, which is not a %s", hf.path, hf.kind.bad(nil), hf.kind.name)
			} else {
				t.Logf("wrong type refused: %v", vs[0])
			}
			name, isKey := path[len(path)-1].(string)
			if !isKey {
				return // an array element is not a property that can be missing
			}
			parent := pointer(path[:len(path)-1])
			if missing := missingAt(c.check(hf.answer, good), parent, name); len(missing) > 0 {
				t.Fatalf("with %s present, the contract says it is missing: %v", hf.path, missing)
			}
			gone, _ := edit(clone(t, good), path, nil, true, &made)
			missing := missingAt(c.check(hf.answer, gone), parent, name)
			switch {
			case hf.required && len(missing) == 0:
				t.Errorf("the contract accepts an answer without %s, which it requires", hf.path)
			case !hf.required && len(missing) > 0:
				t.Errorf("the contract requires %s, which is optional: %v", hf.path, missing)
			case hf.required:
				t.Logf("missing refused: %v", missing[0])
			}
		})
		held++
	}
	if held < 100 {
		t.Errorf("%d fields held, want the typed reads' fields (100 or more)", held)
	}
}
