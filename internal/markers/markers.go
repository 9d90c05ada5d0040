// Package markers plants a random marker in every value of a JSON answer,
// so that tests can tell whether an error, a diagnostic or a log line
// repeats something the answer held. It is for tests only: no provider or
// client code imports it.
//
// Each string gets eight letters inside it, each number nine digits inside
// it (the number stays valid JSON), and each object one extra member whose
// key and value are markers of their own, since a free-form map can hold
// personal data as keys. Known members keep their names, so an answer keeps
// its shape.
package markers

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
)

// Planted is an answer with markers in it.
type Planted struct {
	// JSON is the answer with its markers.
	JSON []byte
	// Paths maps each marker to where it was planted: "$.data.email" for a
	// value, "$.data{}" for the extra member's key, "$.errors[0]" for an
	// array element.
	Paths map[string]string
}

// Plant marks every string, number and object of doc, a JSON document,
// except the values at paths keep accepts (nil keeps none); the markers
// come from seed, so a seed gives the same markers every time.
func Plant(doc []byte, seed uint64, keep func(path string) bool) (Planted, error) {
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return Planted{}, err
	}
	p := &planter{rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), keep: keep, paths: map[string]string{}}
	v = p.plant(v, "$")
	out, err := json.Marshal(v)
	if err != nil {
		return Planted{}, err
	}
	return Planted{JSON: out, Paths: p.paths}, nil
}

// Leaks lists, sorted, the paths whose markers appear in text, but for
// those allowed accepts (nil allows none).
func (p Planted) Leaks(text string, allowed func(path string) bool) []string {
	var out []string
	for m, path := range p.Paths {
		if strings.Contains(text, m) && (allowed == nil || !allowed(path)) {
			out = append(out, path)
		}
	}
	slices.Sort(out)
	return out
}

// Envelope accepts the parts of an answer an error may quote: an error
// envelope's message, its errors and its requestId, which the API writes
// for people and support to read.
func Envelope(path string) bool {
	return path == "$.message" || path == "$.metadata.requestId" || strings.HasPrefix(path, "$.errors")
}

// letters are a marker's: both cases, so that a run of eight in the
// provider's own lowercase words is no marker by chance.
const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"

type planter struct {
	rng   *rand.Rand
	keep  func(string) bool
	paths map[string]string
}

func (p *planter) plant(v any, path string) any {
	if p.keep != nil && p.keep(path) {
		return v
	}
	switch x := v.(type) {
	case string:
		m := p.marker(letters, 8, path)
		r := []rune(x)
		return string(r[:len(r)/2]) + m + string(r[len(r)/2:])
	case json.Number:
		return json.Number(p.number(string(x), path))
	case []any:
		for i, e := range x {
			x[i] = p.plant(e, fmt.Sprintf("%s[%d]", path, i))
		}
	case map[string]any:
		for _, k := range slices.Sorted(maps.Keys(x)) {
			x[k] = p.plant(x[k], path+"."+k)
		}
		key := p.marker(letters, 8, path+"{}")
		x[key] = p.marker(letters, 8, path+"."+key)
	}
	return v
}

// number puts nine digits inside a JSON number: after its fraction when it
// has one, else after its integer part, or as a fraction of a zero.
func (p *planter) number(s, path string) string {
	m := p.marker("0123456789", 9, path)
	mant, exp, _ := strings.Cut(strings.ReplaceAll(s, "E", "e"), "e")
	if exp != "" {
		exp = "e" + exp
	}
	switch {
	case strings.Contains(mant, "."):
		return mant + m + exp
	case strings.TrimPrefix(mant, "-") == "0":
		return mant + "." + m + exp
	}
	return mant + m + exp
}

// marker is n random characters of alphabet, never one planted before, and
// never starting with 0, so that it stays whole in a number.
func (p *planter) marker(alphabet string, n int, path string) string {
	for {
		b := make([]byte, n)
		for i := range b {
			b[i] = alphabet[p.rng.IntN(len(alphabet))]
		}
		if b[0] == '0' {
			continue
		}
		if _, dup := p.paths[string(b)]; !dup {
			p.paths[string(b)] = path
			return string(b)
		}
	}
}
