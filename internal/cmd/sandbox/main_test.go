package main

import (
	"bytes"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"regexp"
	"testing"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/fakeapi"
)

// Each accepted connection is one numbered log line, which `make bench-plan`
// counts; requests over a kept-alive connection add none.
func TestLogsEachConnection(t *testing.T) {
	var out bytes.Buffer
	prev := log.Writer()
	log.SetOutput(&out)
	t.Cleanup(func() { log.SetOutput(prev) })

	api := fakeapi.New(fakeapi.Options{Keys: []string{"k"}})
	ts := httptest.NewUnstartedServer(logRequests(api))
	ts.Config.ConnState = logConnections(api)
	ts.Start()
	defer ts.Close()

	get := func(c *http.Client) {
		resp, err := c.Get(ts.URL + "/orders")
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	keepAlive := &http.Client{Transport: &http.Transport{}}
	get(keepAlive)
	get(keepAlive)
	keepAlive.CloseIdleConnections()
	get(&http.Client{Transport: &http.Transport{DisableKeepAlives: true}})

	line := regexp.MustCompile(`sandbox: connection (\d+) from 127\.0\.0\.1:\d+\n`)
	lines := line.FindAllStringSubmatch(out.String(), -1)
	if len(lines) != 2 || lines[0][1] != "1" || lines[1][1] != "2" || api.Connections() != 2 {
		t.Errorf("want connections 1 and 2 logged, got %q in:\n%s", lines, out.String())
	}
}
