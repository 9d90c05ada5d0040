package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestCompleteness(t *testing.T) {
	for _, tc := range []struct {
		name        string
		read, limit int
		total       types.Int64
		complete    bool
	}{
		{"all of the total", 5, 100, types.Int64Value(5), true},
		{"more than the total", 6, 100, types.Int64Value(5), true},
		{"up to max_results", 10, 10, types.Int64Value(50), true},
		{"no total", 3, 100, types.Int64Null(), true},
		{"below both", 4, 100, types.Int64Value(5), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var diags diag.Diagnostics
			got := completeness("liquidcommerce_orders read", "orders", tc.read, tc.limit, tc.total,
				"page 2 was empty", &diags)
			if got.ValueBool() != tc.complete {
				t.Fatalf("complete = %v, want %v", got.ValueBool(), tc.complete)
			}
			if tc.complete != (diags.WarningsCount() == 0) || diags.HasError() {
				t.Fatalf("diagnostics %v for complete = %v", diags, tc.complete)
			}
			if !tc.complete {
				d := diags[0].Detail()
				for _, want := range []string{"got 4 of the 5 orders", "because page 2 was empty", "`complete`"} {
					if !strings.Contains(d, want) {
						t.Errorf("warning %q lacks %q", d, want)
					}
				}
			}
		})
	}
}
