package main

import (
	"slices"
	"testing"
)

// API-key logins only: not Orders logins, not other calls.
func TestCountLogins(t *testing.T) {
	text := `LiquidCommerce sandbox API listening on http://127.0.0.1:40000 (API key and Orders user: ...)
2026/11/30 01:59:29 sandbox: connection 1 from 127.0.0.1:50324
2026/11/30 01:59:29 sandbox: GET /authentication -> 200
2026/11/30 01:59:29 sandbox: POST /catalog/search -> 200
2026/11/30 01:59:29 sandbox: GET /order-authentication -> 200
2026/11/30 01:59:30 sandbox: GET /authentication -> 401
`
	if got := countLogins(text); got != 2 {
		t.Errorf("countLogins = %d, want 2", got)
	}
}

// A cache directory in the caller's environment never reaches a run
// without the cache, and the CLI configuration replaces the caller's.
func TestChildEnv(t *testing.T) {
	parent := []string{"HOME=/home/u", "LIQUIDCOMMERCE_TOKEN_CACHE_DIR=/home/u/.cache/lc", "TF_CLI_CONFIG_FILE=/nowhere",
		"LIQUIDCOMMERCE_API_KEY=k", "TF_LOG=trace"}
	got := childEnv(parent, "/w/cli.tfrc", "")
	want := []string{"HOME=/home/u", "LIQUIDCOMMERCE_API_KEY=k", "TF_CLI_CONFIG_FILE=/w/cli.tfrc", "CHECKPOINT_DISABLE=1"}
	if !slices.Equal(got, want) {
		t.Errorf("off: %q, want %q", got, want)
	}
	got = childEnv(parent, "/w/cli.tfrc", "/w/cache")
	if want := append(want, "LIQUIDCOMMERCE_TOKEN_CACHE_DIR=/w/cache"); !slices.Equal(got, want) {
		t.Errorf("on: %q, want %q", got, want)
	}
	if parent[1] != "LIQUIDCOMMERCE_TOKEN_CACHE_DIR=/home/u/.cache/lc" {
		t.Errorf("the caller's environment changed: %q", parent)
	}
}

// Each mode goes first in turn.
func TestRotate(t *testing.T) {
	for i, want := range [][]mode{{off, cold, warm}, {cold, warm, off}, {warm, off, cold}, {off, cold, warm}} {
		if got := rotate(modes, i); !slices.Equal(got, want) {
			t.Errorf("rotate(modes, %d) = %q, want %q", i, got, want)
		}
	}
	if !slices.Equal(modes, []mode{off, cold, warm}) {
		t.Errorf("rotate changed modes: %q", modes)
	}
}

func TestCounts(t *testing.T) {
	for _, tc := range []struct {
		ns   []int
		want string
	}{{[]int{2, 2, 2}, "2"}, {[]int{0}, "0"}, {[]int{1, 2, 1}, "1 to 2"}} {
		if got := formatCounts(tc.ns); got != tc.want {
			t.Errorf("formatCounts(%v) = %q, want %q", tc.ns, got, tc.want)
		}
	}
}
