package client

import (
	"net/http"
	"testing"
	"time"
)

func TestBackoff(t *testing.T) {
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	c := &Client{cfg: Config{Clock: fixedClock(now)}}
	lo, hi := 100*time.Millisecond, 2*time.Second
	for attempt := range 8 {
		ceiling := min(lo<<attempt, hi)
		seen := map[time.Duration]bool{}
		for range 200 {
			d := c.backoff(lo, hi, attempt, nil)
			if d < lo || d > ceiling {
				t.Fatalf("attempt %d: wait %s outside [%s, %s]", attempt, d, lo, ceiling)
			}
			seen[d] = true
		}
		if attempt > 0 && len(seen) < 10 {
			t.Errorf("attempt %d: only %d distinct waits; no jitter", attempt, len(seen))
		}
	}
	// Retry-After wins over a shorter backoff, as seconds or as a date.
	for _, v := range []string{"5", now.Add(5 * time.Second).Format(http.TimeFormat)} {
		if d := c.backoff(lo, hi, 0, http.Header{"Retry-After": {v}}); d != 5*time.Second {
			t.Errorf("Retry-After %q: wait %s, want 5s", v, d)
		}
	}
	// A huge attempt number does not overflow into a negative wait.
	if d := c.backoff(lo, hi, 200, nil); d < lo || d > hi {
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
		{"999999999999", 24 * time.Hour, true},
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
