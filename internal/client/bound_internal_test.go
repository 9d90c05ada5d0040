package client

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/fakeapi"
)

// A request's deadline is its start plus the client's bound: waiting at the
// gate counts against it, and the error says the bound ran out.
func TestWaitAtTheGateCountsAgainstTheBound(t *testing.T) {
	srv := fakeapi.New(fakeapi.Options{Keys: []string{"k"}})
	url, stop := srv.Start()
	defer stop()
	c, err := newClient(Config{APIKey: "k", BaseURL: url, MaxRetries: 3}, tuning{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Token(context.Background(), APIKey, Validity{Min: time.Minute}); err != nil {
		t.Fatal(err)
	}
	c.bound = 300 * time.Millisecond
	srv.Inject(fakeapi.Fault{Path: fakeapi.EchoPath, Status: 429, RetryAfter: "10"})
	start := time.Now()
	_, err = c.Do(context.Background(), Request{Method: http.MethodGet, Path: fakeapi.EchoPath})
	var re *RequestError
	if !errors.As(err, &re) || !errors.Is(err, ErrBound) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want the bound's deadline", err)
	}
	if waited := time.Since(start); waited > 5*time.Second {
		t.Errorf("waited %s for a request bound to %s", waited, c.bound)
	}
	if n := srv.Count(fakeapi.EchoPath); n != 1 {
		t.Errorf("%d requests, want 1: the retry was due after the bound", n)
	}
}
