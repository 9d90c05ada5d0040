package client_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/client"
	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/fakeapi"
)

const testKey = "lc_test_key_9f8e7d6c5b4a"

// fakeClock is a settable clock shared by the client and the fake server.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{t: time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Sleep moves the clock on by d at once, so tests wait for nothing.
func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	if ctx.Err() != nil {
		return context.Cause(ctx)
	}
	c.Advance(d)
	return nil
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// env is a fake API and a client pointed at it.
type env struct {
	srv    *fakeapi.Server
	url    string
	clock  *fakeClock
	client *client.Client
	logs   *recordingLogger
}

func newEnv(t *testing.T, mutate func(*client.Config)) *env {
	t.Helper()
	clock := newFakeClock()
	srv := fakeapi.New(fakeapi.Options{Keys: []string{testKey}, Now: clock.Now})
	url, stop := srv.Start()
	t.Cleanup(stop)
	logs := &recordingLogger{}
	cfg := client.Config{
		APIKey:     testKey,
		BaseURL:    url,
		MaxRetries: 3,
		Logger:     logs,
		UserAgent:  "terraform-provider-liquidcommerce/test Terraform/1.11.4",
	}
	if mutate != nil {
		mutate(&cfg)
	}
	c, err := client.NewWithSeam(cfg, fastSeam(clock))
	if err != nil {
		t.Fatalf("client.New: %v", err)
	}
	return &env{srv: srv, url: url, clock: clock, client: c, logs: logs}
}

// fastSeam backs off for milliseconds on the given clock.
func fastSeam(clock client.Clock) client.Seam {
	return client.Seam{Clock: clock, RetryWaitMin: time.Millisecond, RetryWaitMax: 5 * time.Millisecond}
}

// recordingLogger keeps every log line so tests can check no secret is in them.
type recordingLogger struct {
	mu    sync.Mutex
	lines []string
}

func (l *recordingLogger) record(level, msg string, fields map[string]any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	var b strings.Builder
	b.WriteString(level + " " + msg)
	for k, v := range fields {
		b.WriteString(" " + k + "=")
		b.WriteString(strings.ReplaceAll(fmt.Sprint(v), "\n", " "))
	}
	l.lines = append(l.lines, b.String())
}

func (l *recordingLogger) Debug(_ context.Context, msg string, fields map[string]any) {
	l.record("DEBUG", msg, fields)
}

func (l *recordingLogger) Warn(_ context.Context, msg string, fields map[string]any) {
	l.record("WARN", msg, fields)
}

func (l *recordingLogger) text() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.lines, "\n")
}

// assertNoSecrets fails when any of the secrets appears in s.
func assertNoSecrets(t *testing.T, what, s string, secrets ...string) {
	t.Helper()
	for i, secret := range secrets {
		if secret != "" && strings.Contains(s, secret) {
			// Say where, never what: the secret could be a real one.
			t.Errorf("%s contains secret #%d at offset %d", what, i+1, strings.Index(s, secret))
		}
	}
}

// need asks for a token valid at least d.
func need(d time.Duration) client.Validity { return client.Validity{Min: d} }

// call sends body as JSON with Do and decodes the envelope's data into out.
func call(ctx context.Context, c *client.Client, method, path string, body, out any) (*client.Response, error) {
	var b []byte
	if body != nil {
		var err error
		if b, err = json.Marshal(body); err != nil {
			return nil, err
		}
	}
	res, err := c.Do(ctx, client.Request{Method: method, Path: path, Body: b})
	if err == nil && out != nil {
		var env struct {
			Data json.RawMessage `json:"data"`
		}
		if err := json.Unmarshal(res.Body, &env); err != nil {
			return res, err
		}
		return res, json.Unmarshal(env.Data, out)
	}
	return res, err
}
