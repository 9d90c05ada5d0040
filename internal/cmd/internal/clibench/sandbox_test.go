package clibench

import (
	"slices"
	"testing"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/fakeapi"
)

// The availability reads' UPCs are distinct UPCs the sandbox's catalog
// holds, the same ones every run, from as many pages as they take.
func TestSandboxUPCs(t *testing.T) {
	base, stop := fakeapi.New(fakeapi.Options{Keys: []string{"bench-key"}, ProductCount: 150}).Start()
	defer stop()
	t.Setenv("LIQUIDCOMMERCE_BASE_URL", base)
	t.Setenv("LIQUIDCOMMERCE_API_KEY", "bench-key")
	first, again := SandboxUPCs(20), SandboxUPCs(20)
	if len(first) != 20 || !slices.Equal(first, again) {
		t.Fatalf("SandboxUPCs gave %q, then %q", first, again)
	}
	if !slices.IsSorted(first) || len(slices.Compact(slices.Clone(first))) != 20 {
		t.Errorf("UPCs not sorted and distinct: %q", first)
	}
	if many := SandboxUPCs(200); len(many) != 200 || len(slices.Compact(slices.Clone(many))) != 200 {
		t.Errorf("SandboxUPCs(200) gave %d distinct UPCs", len(slices.Compact(slices.Clone(many))))
	}
	for _, u := range first {
		if len(u) < 12 {
			t.Errorf("%q is no UPC", u)
		}
	}
}
