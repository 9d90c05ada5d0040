package provider

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

// The typed reads decode the API's answers into wire types: each field a
// text, num or flag that is absent when the API leaves it out, sends null,
// or sends a value of another type, so that one odd field never fails a
// read. The names are the API's, as published.

// text is a JSON string.
type text struct {
	v  string
	ok bool
}

func (t *text) UnmarshalJSON(b []byte) error {
	t.ok = json.Unmarshal(b, &t.v) == nil && !bytes.Equal(b, []byte("null"))
	return nil
}

// value is the string for the state, null when absent.
func (t text) value() types.String {
	if !t.ok {
		return types.StringNull()
	}
	return types.StringValue(t.v)
}

// num is a JSON number, or a numeric string, kept exactly as written; absent
// beyond the range the provider reads (see readNumber).
type num struct {
	n *big.Float
}

func (x *num) UnmarshalJSON(b []byte) error {
	if f, ok := readNumber(strings.Trim(string(bytes.TrimSpace(b)), `"`)); ok {
		x.n = f
	}
	return nil
}

// value is the number for the state, exact, null when absent.
func (x num) value() types.Number {
	if x.n == nil {
		return types.NumberNull()
	}
	return types.NumberValue(x.n)
}

// label is a JSON string, or a number kept as its text as written: a UPC
// or a volume, which an API may send either way.
type label struct {
	text
}

func (l *label) UnmarshalJSON(b []byte) error {
	_ = l.text.UnmarshalJSON(b)
	var n json.Number
	if !l.ok && json.Unmarshal(b, &n) == nil && !bytes.Equal(b, []byte("null")) {
		l.v, l.ok = n.String(), true
	}
	return nil
}

// flag is a JSON boolean, or one written as a string ("true", "false").
type flag struct {
	v, ok bool
}

func (f *flag) UnmarshalJSON(b []byte) error {
	var s string
	switch {
	case bytes.Equal(b, []byte("null")):
	case json.Unmarshal(b, &f.v) == nil:
		f.ok = true
	case json.Unmarshal(b, &s) == nil:
		v, err := strconv.ParseBool(s)
		f.v, f.ok = v, err == nil
	}
	return nil
}

// value is the boolean for the state, null when absent.
func (f flag) value() types.Bool {
	if !f.ok {
		return types.BoolNull()
	}
	return types.BoolValue(f.v)
}

// opt is a member of object or array type, left out when the API sends
// null or a value of another type.
type opt[T any] struct {
	v  T
	ok bool
}

func (o *opt[T]) UnmarshalJSON(b []byte) error {
	var v T
	if o.ok = json.Unmarshal(b, &v) == nil && !bytes.Equal(b, []byte("null")); o.ok {
		o.v = v
	}
	return nil
}

// items is a JSON array decoded element by element: an element that does
// not fit is left out (and counted), not the whole array.
type items[T any] struct {
	v       []T
	ok      bool
	skipped int
}

func (l *items[T]) UnmarshalJSON(b []byte) error {
	var raw []json.RawMessage
	if json.Unmarshal(b, &raw) != nil {
		return nil
	}
	l.ok = true
	for _, r := range raw {
		var v T
		if bytes.Equal(bytes.TrimSpace(r), []byte("null")) || json.Unmarshal(r, &v) != nil {
			l.skipped++
			continue
		}
		l.v = append(l.v, v)
	}
	return nil
}

// len is how many elements the array had, those left out included.
func (l items[T]) len() int { return len(l.v) + l.skipped }

// event is one entry of a timeline: a status and when it was reached.
type event struct {
	Status    text            `json:"status"`
	Timestamp json.RawMessage `json:"timestamp"`
}

// at is when the event happened: an RFC 3339 time, or epoch milliseconds.
func (e event) at() (time.Time, bool) {
	var s text
	var ms num
	_, _ = s.UnmarshalJSON(e.Timestamp), ms.UnmarshalJSON(e.Timestamp)
	if t, err := time.Parse(time.RFC3339Nano, s.v); s.ok && err == nil {
		return t, true
	}
	// Epoch milliseconds, as a number or a numeric string.
	if i, ok := wholeNumber(ms); ok {
		return time.UnixMilli(i), true
	}
	return time.Time{}, false
}

// latestStatus is the status of the timeline's latest entry by its time,
// whatever the order of the entries (of entries at the same time, the first
// in the array); null when no entry has both.
func latestStatus(timeline []event) types.String {
	var latest *event
	var when time.Time
	for i, e := range timeline {
		if t, ok := e.at(); ok && e.Status.ok && (latest == nil || t.After(when)) {
			latest, when = &timeline[i], t
		}
	}
	if latest == nil {
		return types.StringNull()
	}
	return latest.Status.value()
}

// envelopeData decodes the data member of an API answer into v, an object
// type. Its errors name where and which JSON type was found, never a value.
func envelopeData(body []byte, v any) error {
	var env struct {
		Data json.RawMessage `json:"data"`
	}
	if err := decodeObject("the answer", body, &env); err != nil {
		return err
	}
	if len(env.Data) == 0 || bytes.Equal(env.Data, []byte("null")) {
		return errNoData
	}
	return decodeObject("data", env.Data, v)
}

// decodeObject decodes raw, the member at path `at` of an answer, into v,
// an object type. Its error names the path and the JSON type found: the
// errors of encoding/json can quote a value, such as a number, and an
// answer's values may be personal data.
func decodeObject(at string, raw []byte, v any) error {
	switch k := jsonType(raw); k {
	case "a JSON object":
	case "not JSON":
		return fmt.Errorf("%s is not JSON", at)
	default:
		return fmt.Errorf("%s is %s, not an object", at, k)
	}
	if json.Unmarshal(raw, v) != nil {
		// The wire types take any value, so this is not expected.
		return fmt.Errorf("%s is an object that cannot be read", at)
	}
	return nil
}

// jsonType names the JSON type of raw for an error message, never its
// value: "a JSON object", "a JSON string", ..., "absent" when raw is
// empty, "not JSON" when it is not one JSON value.
func jsonType(raw []byte) string {
	raw = bytes.TrimSpace(raw)
	switch {
	case len(raw) == 0:
		return "absent"
	case !json.Valid(raw):
		return "not JSON"
	}
	switch raw[0] {
	case '{':
		return "a JSON object"
	case '[':
		return "a JSON array"
	case '"':
		return "a JSON string"
	case 't', 'f':
		return "a JSON boolean"
	case 'n':
		return "JSON null"
	}
	return "a JSON number"
}
