package fakeapi_test

import (
	"encoding/json"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/fakeapi"
)

type envelope struct {
	StatusCode int    `json:"statusCode"`
	Message    string `json:"message"`
	Metadata   struct {
		Timestamp int64  `json:"timestamp"`
		RequestID string `json:"requestId"`
		Path      string `json:"path"`
	} `json:"metadata"`
	Data *struct {
		Token string `json:"token"`
		Type  string `json:"type"`
		Exp   int64  `json:"exp"`
	} `json:"data"`
	Errors []any `json:"errors"`
}

func get(t *testing.T, url, key string) (int, envelope) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	if key != "" {
		req.Header.Set("X-LIQUID-API-KEY", key)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var env envelope
	if err := json.NewDecoder(resp.Body).Decode(&env); err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, env
}

// The fake must answer in the shapes the published API reference shows.
func TestPublishedShapes(t *testing.T) {
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	srv := fakeapi.New(fakeapi.Options{Keys: []string{"good"}, Prefix: "/api", Now: func() time.Time { return now }})
	base, stop := srv.Start()
	defer stop()

	status, ok := get(t, base+"/authentication", "good")
	if status != 200 || ok.StatusCode != 200 || ok.Message != "OK" || ok.Data == nil {
		t.Fatalf("success = %d %+v", status, ok)
	}
	if ok.Data.Type != "ACCESS_TOKEN" || ok.Data.Token == "" || ok.Data.Exp != now.Add(24*time.Hour).UnixMilli() {
		t.Errorf("data = %+v", ok.Data)
	}
	if ok.Metadata.Timestamp != now.UnixMilli() || ok.Metadata.Path != "/api/authentication" || ok.Metadata.RequestID == "" {
		t.Errorf("metadata = %+v", ok.Metadata)
	}

	status, bad := get(t, base+"/authentication", "wrong")
	if status != 400 || bad.StatusCode != 5000 || bad.Message != "API Key not found" || bad.Errors == nil || bad.Data != nil {
		t.Errorf("failure = %d %+v", status, bad)
	}
	if _, again := get(t, base+"/authentication", ""); again.Metadata.RequestID == bad.Metadata.RequestID {
		t.Error("requestId is not fresh")
	}
	if n := srv.Count(fakeapi.AuthPath); n != 3 {
		t.Errorf("counted %d requests, want 3", n)
	}
	if status, _ := get(t, base+"/nothing", "good"); status != 404 {
		t.Errorf("unknown path answered %d", status)
	}
}

func TestFaultsApplyInOrderAndExpire(t *testing.T) {
	srv := fakeapi.New(fakeapi.Options{Keys: []string{"good"}})
	base, stop := srv.Start()
	defer stop()
	srv.Inject(fakeapi.Fault{Path: fakeapi.AuthPath, Status: 429, RetryAfter: "7", Times: 2}, fakeapi.Fault{Path: fakeapi.AuthPath, Status: 503})
	// The fourth request, without a key, gets the normal answer again.
	for i, want := range []int{429, 429, 503, 400} {
		resp, err := http.Get(base + "/authentication?k=" + string(rune('a'+i)))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("request %d: %d, want %d", i+1, resp.StatusCode, want)
		}
		if want == 429 && resp.Header.Get("Retry-After") != "7" {
			t.Errorf("request %d: Retry-After = %q", i+1, resp.Header.Get("Retry-After"))
		}
	}
}

// Connections counts connections, not requests: a client that keeps its
// connection alive sends three requests over one, a client that does not
// opens one per request.
func TestConnectionsCountsAcceptedConnections(t *testing.T) {
	srv := fakeapi.New(fakeapi.Options{Keys: []string{"good"}})
	base, stop := srv.Start()
	defer stop()
	for _, tc := range []struct {
		keepAlive bool
		want      int
	}{{true, 1}, {false, 3}} {
		before := srv.Connections()
		c := &http.Client{Transport: &http.Transport{DisableKeepAlives: !tc.keepAlive}}
		for range 3 {
			resp, err := c.Get(base + "/authentication")
			if err != nil {
				t.Fatal(err)
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
		c.CloseIdleConnections()
		if got := srv.Connections() - before; got != tc.want {
			t.Errorf("keep-alive %v: %d connections for 3 requests, want %d", tc.keepAlive, got, tc.want)
		}
	}
	if n := srv.Count(fakeapi.AuthPath); n != 6 {
		t.Errorf("counted %d requests, want 6", n)
	}
}
