package client_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/client"
	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/fakeapi"
)

// benchClient is a client against a fake API on loopback, with a real clock.
func benchClient(b *testing.B) (*client.Client, *fakeapi.Server) {
	b.Helper()
	srv := fakeapi.New(fakeapi.Options{Keys: []string{testKey}})
	url, stop := srv.Start()
	b.Cleanup(stop)
	c, err := client.New(client.Config{APIKey: testKey, BaseURL: url, MaxRetries: 0})
	if err != nil {
		b.Fatal(err)
	}
	return c, srv
}

// BenchmarkTokenCached is the path every instance after the first takes.
func BenchmarkTokenCached(b *testing.B) {
	c, _ := benchClient(b)
	ctx := context.Background()
	if _, err := c.Token(ctx, client.APIKey, need(time.Minute)); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Token(ctx, client.APIKey, need(time.Minute)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTokenCachedParallel measures contention on the shared cache.
func BenchmarkTokenCachedParallel(b *testing.B) {
	c, _ := benchClient(b)
	ctx := context.Background()
	if _, err := c.Token(ctx, client.APIKey, need(time.Minute)); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := c.Token(ctx, client.APIKey, need(time.Minute)); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// BenchmarkLogin is one full login over loopback HTTP: request, fake API,
// envelope decoding and checks. Asking for more than the tokens' 24h makes
// every call log in, and end with the expected *TokenLifetimeError.
func BenchmarkLogin(b *testing.B) {
	c, srv := benchClient(b)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Token(ctx, client.APIKey, need(25*time.Hour)); !errors.As(err, new(*client.TokenLifetimeError)) {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(srv.Count(fakeapi.AuthPath))/float64(b.N), "logins/op")
}

// BenchmarkCall is one authenticated JSON call over loopback HTTP.
func BenchmarkCall(b *testing.B) {
	c, _ := benchClient(b)
	ctx := context.Background()
	body := map[string]any{"sku": "abc", "quantity": 2}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := call(ctx, c, http.MethodPost, fakeapi.EchoPath, body, nil); err != nil {
			b.Fatal(err)
		}
	}
}
