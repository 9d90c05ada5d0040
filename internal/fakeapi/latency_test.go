package fakeapi_test

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/fakeapi"
)

// Latency holds every answer back, a fault's included, whatever the
// server's clock says; MaxInFlight counts the requests it holds at once,
// by path and in all, until ResetInFlight.
func TestLatencyAndMaxInFlight(t *testing.T) {
	const latency = 100 * time.Millisecond
	srv := fakeapi.New(fakeapi.Options{Keys: []string{"good"}, Latency: latency,
		Now: func() time.Time { return time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC) }})
	base, stop := srv.Start()
	defer stop()
	srv.Inject(fakeapi.Fault{Path: fakeapi.OrdersPath, Status: 503})

	var wg sync.WaitGroup
	took := make([]time.Duration, 3)
	for i, path := range []string{fakeapi.AuthPath, fakeapi.AuthPath, fakeapi.OrdersPath} {
		wg.Go(func() {
			start := time.Now()
			if resp, err := http.Get(base + path); err == nil {
				resp.Body.Close()
				took[i] = time.Since(start)
			}
		})
	}
	wg.Wait()
	for i, d := range took {
		if d < latency {
			t.Errorf("answer %d came after %v, before the latency of %v", i, d, latency)
		}
	}
	if a, o, all := srv.MaxInFlight(fakeapi.AuthPath), srv.MaxInFlight(fakeapi.OrdersPath), srv.MaxInFlight(""); a != 2 ||
		o != 1 || all != 3 {
		t.Errorf("most in flight: %d logins, %d orders, %d in all; want 2, 1, 3", a, o, all)
	}
	srv.ResetInFlight()
	get(t, base+fakeapi.AuthPath, "good")
	if a, all := srv.MaxInFlight(fakeapi.AuthPath), srv.MaxInFlight(""); a != 1 || all != 1 {
		t.Errorf("after ResetInFlight: %d logins, %d in all; want 1, 1", a, all)
	}
}

// A client that goes away during the latency is counted as abandoned, and
// a fault that matches one request leaves the others alone.
func TestAbandonedAndFaultMatch(t *testing.T) {
	srv := fakeapi.New(fakeapi.Options{Keys: []string{"good"}, Latency: time.Hour})
	base, stop := srv.Start()
	defer stop()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+fakeapi.OrdersPath, nil)
	go func() {
		for srv.Count(fakeapi.OrdersPath) == 0 {
			time.Sleep(time.Millisecond)
		}
		cancel()
	}()
	if _, err := http.DefaultClient.Do(req); err == nil {
		t.Fatal("a canceled request was answered")
	}
	for srv.Abandoned(fakeapi.OrdersPath) != 1 {
		time.Sleep(time.Millisecond)
	}

	srv = fakeapi.New(fakeapi.Options{Keys: []string{"good"}})
	base, stop = srv.Start()
	defer stop()
	srv.Inject(fakeapi.Fault{Status: 503, Match: func(r fakeapi.Request) bool { return r.Query.Get("n") == "2" }})
	for n, want := range map[string]int{"1": 200, "3": 200, "2": 503} {
		if status, _ := get(t, base+fakeapi.AuthPath+"?n="+n, "good"); status != want {
			t.Errorf("request n=%s answered %d, want %d", n, status, want)
		}
	}
}
