package client

import (
	"context"
	"net/http"
	"testing"
	"time"
)

func TestBackoff(t *testing.T) {
	lo, hi := 100*time.Millisecond, 2*time.Second
	c := &Client{tune: tuning{RetryWaitMin: lo, RetryWaitMax: hi}}
	for attempt := 1; attempt <= 8; attempt++ {
		ceiling := min(lo<<(attempt-1), hi)
		seen := map[time.Duration]bool{}
		for range 200 {
			d := c.backoff(attempt)
			if d < lo || d > ceiling {
				t.Fatalf("attempt %d: wait %s outside [%s, %s]", attempt, d, lo, ceiling)
			}
			seen[d] = true
		}
		if attempt > 1 && len(seen) < 10 {
			t.Errorf("attempt %d: only %d distinct waits; no jitter", attempt, len(seen))
		}
	}
	// A huge attempt number does not overflow into a negative wait.
	if d := c.backoff(200); d < lo || d > hi {
		t.Errorf("attempt 200: wait %s", d)
	}
}

func TestRetryAfterParsing(t *testing.T) {
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		v    string
		want time.Duration
		ok   bool
	}{
		{"0", 0, true},
		{"3", 3 * time.Second, true},
		{" 7 ", 7 * time.Second, true},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second, true},
		{now.Add(-time.Hour).Format(http.TimeFormat), 0, true},
		{now.Add(48 * time.Hour).Format(http.TimeFormat), 24 * time.Hour, true},
		{"999999999999", 24 * time.Hour, true},
		// Beyond int64: the longest wait, not an absent header.
		{"99999999999999999999999", 24 * time.Hour, true},
		{"-99999999999999999999999", 0, false},
		{"-4", 0, false},
		{"soon", 0, false},
		{"", 0, false},
	}
	for _, tc := range cases {
		got, ok := retryAfter(http.Header{"Retry-After": {tc.v}}, now)
		if got != tc.want || ok != tc.ok {
			t.Errorf("retryAfter(%q) = %s, %v; want %s, %v", tc.v, got, ok, tc.want, tc.ok)
		}
	}
}

type fixedClock time.Time

func (c fixedClock) Now() time.Time { return time.Time(c) }

func (c fixedClock) Sleep(ctx context.Context, _ time.Duration) error { return context.Cause(ctx) }

func TestBound(t *testing.T) {
	if got, want := Bound(30*time.Second, 4), 5*30*time.Second+4*2*time.Minute; got != want {
		t.Errorf("Bound(30s, 4) = %s, want %s (10m30s, as the docs say)", got, want)
	}
	if got := Bound(10*time.Second, 0); got != 10*time.Second {
		t.Errorf("Bound(10s, 0) = %s, want 10s", got)
	}
}
