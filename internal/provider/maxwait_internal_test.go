package provider

import (
	"testing"
	"time"
)

// maxWait is the bound the docs state: every attempt at request_timeout,
// and every pause at the longest the client waits (two minutes).
func TestMaxWait(t *testing.T) {
	if got, want := maxWait(30*time.Second, 4), 5*30*time.Second+4*2*time.Minute; got != want {
		t.Errorf("maxWait(30s, 4) = %s, want %s (10m30s, as the docs say)", got, want)
	}
	if got := maxWait(10*time.Second, 0); got != 10*time.Second {
		t.Errorf("maxWait without retries = %s, want 10s", got)
	}
}
