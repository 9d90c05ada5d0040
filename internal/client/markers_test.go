package client_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/client"
	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/markers"
)

// An answer with a marker in every value goes through each way Do fails:
// no marker reaches the error's text or a log line, but for an error
// envelope's message, errors and requestId, which support needs.
func TestNoValueOfAFailedAnswerInErrorsOrLogs(t *testing.T) {
	const order = `{"statusCode":%d,"message":"Order LC-1001 of ada@example.com not found",` +
		`"metadata":{"requestId":"reqid_7","timestamp":1795867200000,"path":"/orders/LC-1001"},` +
		`"errors":[{"field":"email","message":"ada@example.com"},"phone +1 212 555 0100",{"code":7}],` +
		`"data":{"id":"LC-1001","customer":{"email":"ada@example.com","phone":"+1 212 555 0100"},"total":4599}%s}`
	const badAuth = `,"auth":{"token":"lc_new","type":"ORDER_API","exp":1795953600000}`
	cases := []struct {
		name          string
		login, answer string // answer: the JSON the endpoint sends, marked
		status        int
		suffix        string // bytes after the marked answer
		accept        []int
		keep          func(string) bool
	}{
		{name: "HTTP 400 with an envelope", answer: fmt.Sprintf(order, 400, ""), status: 400},
		{name: "HTTP 404 with an envelope and auth of another type", answer: fmt.Sprintf(order, 404, badAuth),
			status: 404},
		{name: "HTTP 503 without retries left", answer: fmt.Sprintf(order, 503, ""), status: 503},
		{name: "HTTP 409 when 404 is accepted", answer: fmt.Sprintf(order, 409, ""), status: 409, accept: []int{404}},
		{name: "a 200 envelope whose statusCode failed", answer: fmt.Sprintf(order, 5000, badAuth), status: 200},
		{name: "a 200 that is no JSON object", answer: `[{"email":"ada@example.com","total":4599}]`, status: 200},
		{name: "a 200 object with bytes after it", answer: fmt.Sprintf(order, 200, ""), status: 200, suffix: "x"},
		{name: "an accepted status whose body is no object", answer: `["ada@example.com",4599]`, status: 404,
			accept: []int{404}},
		{name: "a login rejected", login: `{"statusCode":5000,"message":"API Key not found",` +
			`"metadata":{"requestId":"reqid_8","timestamp":1795867200000},"errors":["key of ada@example.com"]}`, status: 400},
		{name: "a login whose token cannot be used", login: `{"statusCode":200,"message":"OK",` +
			`"metadata":{"requestId":"reqid_9","timestamp":1795867200000},` +
			`"data":{"token":"lc_ada","type":"ACCESS_TOKEN","exp":86400}}`, status: 200},
	}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			keepStatus := func(path string) bool { return path == "$.statusCode" }
			doc := tc.answer
			if tc.login != "" {
				doc = tc.login
			}
			p, err := markers.Plant([]byte(doc), uint64(i+1), keepStatus)
			if err != nil {
				t.Fatal(err)
			}
			clock := newFakeClock()
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				switch {
				case r.URL.Path == "/authentication" && tc.login != "":
					w.WriteHeader(tc.status)
					_, _ = w.Write(p.JSON)
				case r.URL.Path == "/authentication":
					now := clock.Now()
					_, _ = fmt.Fprintf(w, `{"statusCode":200,"message":"OK","metadata":{"timestamp":%d},`+
						`"data":{"token":"lc_good","type":"ACCESS_TOKEN","exp":%d}}`,
						now.UnixMilli(), now.Add(24*time.Hour).UnixMilli())
				default:
					w.Header().Set("Retry-After", "0")
					w.WriteHeader(tc.status)
					_, _ = w.Write(append(p.JSON, tc.suffix...))
				}
			}))
			defer srv.Close()
			logs := &recordingLogger{}
			c, err := client.NewWithSeam(client.Config{APIKey: testKey, BaseURL: srv.URL, Logger: logs}, fastSeam(clock))
			if err != nil {
				t.Fatal(err)
			}
			res, err := c.Do(context.Background(), client.Request{Method: http.MethodPost, Path: "/orders/LC-1001",
				Body: []byte(`{}`), Accept: tc.accept})
			if err == nil {
				t.Fatalf("no error; answer %d: %s", res.Status, res.Body)
			}
			text := err.Error() + "\n" + logs.text()
			if leaks := p.Leaks(text, markers.Envelope); len(leaks) > 0 {
				t.Errorf("values at %v leak:\n%s\nanswer: %s", leaks, text, p.JSON)
			}
			if allowed := p.Leaks(text, nil); tc.status >= 400 && tc.accept == nil && len(allowed) == 0 {
				t.Errorf("the error quotes nothing of the envelope; the test proves nothing:\n%s", text)
			}
		})
	}
}
