package main

import (
	"slices"
	"testing"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/fakeapi"
)

// The availability read's UPCs are distinct UPCs the sandbox's catalog
// holds, the same ones every run.
func TestSandboxUPCs(t *testing.T) {
	base, stop := fakeapi.New(fakeapi.Options{Keys: []string{"bench-key"}, ProductCount: 40}).Start()
	defer stop()
	t.Setenv("LIQUIDCOMMERCE_BASE_URL", base)
	t.Setenv("LIQUIDCOMMERCE_API_KEY", "bench-key")
	first, again := sandboxUPCs(20), sandboxUPCs(20)
	if len(first) != 20 || !slices.Equal(first, again) {
		t.Fatalf("sandboxUPCs gave %q, then %q", first, again)
	}
	if !slices.IsSorted(first) || len(slices.Compact(slices.Clone(first))) != 20 {
		t.Errorf("UPCs not sorted and distinct: %q", first)
	}
	for _, u := range first {
		if len(u) < 12 {
			t.Errorf("%q is no UPC", u)
		}
	}
}
