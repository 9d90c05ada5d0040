package main

import "testing"

// The lines the sandbox writes, counted by kind.
func TestCountLog(t *testing.T) {
	text := `LiquidCommerce sandbox API listening on http://127.0.0.1:40000 (API key and Orders user: ...)
2026/11/30 01:59:29 sandbox: connection 1 from 127.0.0.1:50324
2026/11/30 01:59:29 sandbox: GET /authentication -> 200
2026/11/30 01:59:29 sandbox: connection 2 from 127.0.0.1:50326
2026/11/30 01:59:29 sandbox: POST /catalog/search -> 200
2026/11/30 01:59:29 sandbox: POST /catalog/search -> 200
2026/11/30 01:59:29 sandbox: GET /order-authentication -> 200
`
	if got, want := countLog(text), (tally{logins: 2, calls: 2, conns: 2}); got != want {
		t.Errorf("countLog = %+v, want %+v", got, want)
	}
}
