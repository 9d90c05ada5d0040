package client_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/client"
	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/fakeapi"
)

// A caller's deadline says it timed out and what it waited for; an
// interrupt says it was canceled. Both hold for the caller that started the
// login and for every caller waiting on it, and neither is remembered as a
// failure of the API.
func TestDeadlineAndCancellationOfEveryWaiter(t *testing.T) {
	for _, mode := range []string{"deadline", "cancel"} {
		t.Run(mode, func(t *testing.T) {
			e := newEnv(t, nil)
			e.srv.Inject(fakeapi.Fault{Path: fakeapi.AuthPath, Delay: time.Second})
			var ctx context.Context
			var cancel context.CancelFunc
			if mode == "deadline" {
				ctx, cancel = context.WithTimeout(context.Background(), 100*time.Millisecond)
			} else {
				ctx, cancel = context.WithCancel(context.Background())
				time.AfterFunc(100*time.Millisecond, cancel)
			}
			defer cancel()
			var wg sync.WaitGroup
			errs := make([]error, 3)
			for i := range errs {
				wg.Go(func() { _, errs[i] = e.client.Token(ctx, client.APIKey, need(time.Minute)) })
			}
			wg.Wait()
			for i, err := range errs {
				var re *client.RequestError
				if !errors.As(err, &re) || re.Method != "GET" || re.Path != "/authentication" {
					t.Fatalf("caller %d: err = %v, want a *RequestError for the shared login", i, err)
				}
				if mode == "deadline" && (!errors.Is(re, context.DeadlineExceeded) || errors.Is(re, context.Canceled) || re.AttemptTimeout != 0) {
					t.Errorf("caller %d: %v is not a deadline", i, err)
				}
				if mode == "cancel" && (!errors.Is(re, context.Canceled) || errors.Is(re, context.DeadlineExceeded)) {
					t.Errorf("caller %d: %v is not a cancellation", i, err)
				}
			}
			// The caller's own end is no failure of the API: the next caller
			// is not held, and gets the token of the login that went on.
			if _, err := e.client.Token(context.Background(), client.APIKey, need(time.Minute)); err != nil {
				t.Fatalf("after a %s: %v", mode, err)
			}
		})
	}
}
