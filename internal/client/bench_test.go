package client_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/client"
	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/fakeapi"
)

// benchClient is a client against a fake API on loopback, with a real clock.
func benchClient(b *testing.B) *client.Client {
	b.Helper()
	srv := fakeapi.New(fakeapi.Options{Keys: []string{testKey}})
	url, stop := srv.Start()
	b.Cleanup(stop)
	c, err := client.New(client.Config{APIKey: testKey, BaseURL: url, MaxRetries: 0})
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// BenchmarkTokenCached is the path every instance after the first takes.
func BenchmarkTokenCached(b *testing.B) {
	c := benchClient(b)
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
	c := benchClient(b)
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
// envelope decoding and checks, with a new client (on a shared transport)
// each time so that nothing is cached.
func BenchmarkLogin(b *testing.B) {
	srv := fakeapi.New(fakeapi.Options{Keys: []string{testKey}})
	url, stop := srv.Start()
	b.Cleanup(stop)
	transport := &http.Transport{}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		c, err := client.NewWithSeam(client.Config{APIKey: testKey, BaseURL: url}, client.Seam{Transport: transport})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := c.Token(ctx, client.APIKey, need(time.Minute)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCall is one authenticated JSON request over loopback HTTP with
// Do: cached token, send, one response path.
func BenchmarkCall(b *testing.B) {
	c := benchClient(b)
	ctx := context.Background()
	in := client.Request{Method: http.MethodPost, Path: fakeapi.EchoPath, Body: []byte(`{"quantity":2,"sku":"abc"}`)}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Do(ctx, in); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBareHTTP is the same request as BenchmarkCall sent with a plain
// http.Client and a token fetched once: the floor BenchmarkCall is compared
// with.
func BenchmarkBareHTTP(b *testing.B) {
	c := benchClient(b)
	ctx := context.Background()
	tok, err := c.Token(ctx, client.APIKey, need(time.Minute))
	if err != nil {
		b.Fatal(err)
	}
	url := c.BaseURL() + fakeapi.EchoPath
	hc := &http.Client{}
	body := []byte(`{"quantity":2,"sku":"abc"}`)
	b.ReportAllocs()
	for b.Loop() {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+tok.Value)
		req.Header.Set("Content-Type", "application/json")
		resp, err := hc.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := io.ReadAll(resp.Body); err != nil || resp.StatusCode != 200 {
			b.Fatal(err, resp.StatusCode)
		}
		_ = resp.Body.Close()
	}
}
