package markers

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

func TestPlantMarksEveryValueAndKeepsTheShape(t *testing.T) {
	doc := `{"message":"Not Found","metadata":{"requestId":"r1","timestamp":1731590739955},"errors":["e"],
	"data":{"email":"ada@example.com","n":0,"f":-1.5,"e":2E3,"z":-0e1,"ok":true,"nil":null,"list":[1,"x"]}}`
	p, err := Plant([]byte(doc), 7, func(path string) bool { return path == "$.data.ok" })
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(p.JSON))
	dec.UseNumber()
	var got map[string]any
	if err := dec.Decode(&got); err != nil {
		t.Fatalf("planted JSON does not decode: %v\n%s", err, p.JSON)
	}
	data, ok := got["data"].(map[string]any)
	if !ok {
		t.Fatalf("data is %T", got["data"])
	}
	for _, k := range []string{"email", "n", "f", "e", "z", "ok", "nil", "list"} {
		if _, ok := data[k]; !ok {
			t.Errorf("data.%s is gone", k)
		}
	}
	if data["ok"] != true || data["nil"] != nil {
		t.Errorf("kept values changed: ok=%v nil=%v", data["ok"], data["nil"])
	}
	email, _ := data["email"].(string)
	if !strings.HasPrefix(email, "ada@exa") || !strings.HasSuffix(email, "mple.com") || len(email) != len("ada@example.com")+8 {
		t.Errorf("email = %q, want 8 letters inside it", email)
	}
	// Every string and number but the kept one, and a key and a value per
	// object (3 objects).
	wantPaths := []string{"$.message", "$.metadata.requestId", "$.metadata.timestamp", "$.errors[0]",
		"$.data.email", "$.data.n", "$.data.f", "$.data.e", "$.data.z", "$.data.list[0]", "$.data.list[1]",
		"${}", "$.metadata{}", "$.data{}"}
	paths := slices.Collect(func(yield func(string) bool) {
		for _, p := range p.Paths {
			if !yield(p) {
				return
			}
		}
	})
	for _, w := range wantPaths {
		if !slices.Contains(paths, w) {
			t.Errorf("no marker at %s; planted at %v", w, paths)
		}
	}
	if len(paths) != len(wantPaths)+3 {
		t.Errorf("%d markers, want %d (every value and one extra member per object)", len(paths), len(wantPaths)+3)
	}
	for m, path := range p.Paths {
		if !bytes.Contains(p.JSON, []byte(m)) {
			t.Errorf("marker of %s is not in the JSON", path)
		}
	}
}

func TestLeaksNamesWhatAppearsButWhatIsAllowed(t *testing.T) {
	p, err := Plant([]byte(`{"message":"m","data":{"email":"a@b"}}`), 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	var email, message string
	for m, path := range p.Paths {
		switch path {
		case "$.data.email":
			email = m
		case "$.message":
			message = m
		}
	}
	text := "failed: " + message + " for " + email
	if got := p.Leaks(text, Envelope); !slices.Equal(got, []string{"$.data.email"}) {
		t.Errorf("Leaks = %v, want only $.data.email", got)
	}
	if got := p.Leaks(text, nil); len(got) != 2 {
		t.Errorf("Leaks without allowance = %v, want both", got)
	}
	if got := p.Leaks("nothing here", nil); got != nil {
		t.Errorf("Leaks of a clean text = %v", got)
	}
}

func TestPlantRefusesWhatIsNotJSON(t *testing.T) {
	if _, err := Plant([]byte(`{"a":`), 1, nil); err == nil {
		t.Fatal("Plant accepted a cut-off document")
	}
}
