package provider_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/fakeapi"
	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/markers"
)

// These tests send the provider answers that no well-behaved API sends,
// and run the CLI and the built provider as real processes, so that a
// crash of the plugin is a failed assertion on what the CLI printed rather
// than the end of the test binary.

// cliRun runs the CLI with the built provider in a new directory holding
// config, with a TRACE log, and returns what it printed and what it logged.
func cliRun(t *testing.T, config string, args ...string) (out, log string, err error) {
	t.Helper()
	cli := processCLI(t)
	rc, err := builtProvider()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	logFile := filepath.Join(dir, "trace.log")
	cmd := exec.Command(cli, append(args, "-input=false", "-no-color")...)
	cmd.Dir = dir
	cmd.Env = processEnv(rc, "TF_LOG=TRACE", "TF_LOG_PATH="+logFile)
	var buf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &buf, &buf
	err = cmd.Run()
	if testing.Verbose() {
		t.Logf("%s %v:\n%s", cli, args, buf.String())
	}
	raw, _ := os.ReadFile(logFile)
	if len(raw) == 0 {
		t.Fatal("the CLI wrote no TRACE log")
	}
	// The CLI wraps its diagnostics' lines.
	return strings.Join(strings.Fields(buf.String()), " "), string(raw), err
}

// hostileConfig is a configuration of the built provider against url.
func hostileConfig(url, body string) string {
	return `terraform {
  required_providers {
    liquidcommerce = {
      source = "registry.terraform.io/liquidcommerce/liquidcommerce"
    }
  }
}
` + ordersProviderBlock(url) + body
}

// A number with a huge exponent in an answer crashed the plugin when an
// export's result held it. It now fails that export with a reason, and an
// export of the rest of the same answer works.
func TestAccHostileAnswers_hugeNumbers(t *testing.T) {
	srv, url := startOrdersAPI(t, fakeapi.Options{})
	srv.Inject(fakeapi.Fault{Path: fakeapi.CatalogSearchPath, Times: 1000, Edit: func(b map[string]any) {
		b["odd"] = map[string]any{"huge": json.Number("1e9999999999"), "tiny": json.Number("-1e-150000")}
	}})
	read := func(exports string) string {
		return hostileConfig(url, `
data "liquidcommerce_api_request" "search" {
  path   = "/catalog/search"
  method = "POST"
  body   = jsonencode({ search = "gin" })
  response_export_values = {`+exports+`}
}

output "exports" {
  value = data.liquidcommerce_api_request.search.output
}
`)
	}
	out, _, err := cliRun(t, read(`huge = "odd.huge", tiny = "odd.tiny", all = "@"`), "plan")
	if strings.Contains(out, "plugin crashed") || strings.Contains(out, "panic") {
		t.Fatalf("the plugin crashed:\n%s", out)
	}
	if err == nil || strings.Count(out, "beyond the range the provider reads") != 3 {
		t.Errorf("plan: %v, want each of the three exports to fail as beyond the range:\n%s", err, out)
	}
	out, _, err = cliRun(t, read(`names = "products[*].name", odd = "keys(odd)"`), "plan")
	if err != nil || !strings.Contains(out, `"huge"`) {
		t.Errorf("plan of exports without the odd numbers: %v, want it to succeed:\n%s", err, out)
	}
}

// plantingEdit plants markers in every answer it edits, but the fields
// kept, and remembers what it planted.
type plantingEdit struct {
	mu      sync.Mutex
	planted []markers.Planted
	keep    func(path string) bool
	extra   map[string]any
}

func (p *plantingEdit) edit(t *testing.T) func(map[string]any) {
	return func(b map[string]any) {
		for k, v := range p.extra {
			b[k] = v
		}
		raw, err := json.Marshal(b)
		if err != nil {
			t.Error(err)
			return
		}
		p.mu.Lock()
		defer p.mu.Unlock()
		// A seed of its own, so that no two answers share a marker.
		planted, err := markers.Plant(raw, rand.Uint64(), p.keep)
		if err != nil {
			t.Error(err)
			return
		}
		p.planted = append(p.planted, planted)
		dec := json.NewDecoder(bytes.NewReader(planted.JSON))
		dec.UseNumber()
		clear(b)
		if err := dec.Decode(&b); err != nil {
			t.Error(err)
		}
	}
}

// leaks lists what of the planted answers text repeats, but an error
// envelope's message, errors and requestId.
func (p *plantingEdit) leaks(text string) []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []string
	for _, planted := range p.planted {
		out = append(out, planted.Leaks(text, markers.Envelope)...)
	}
	return out
}

// Failing exports of an order, a status outside accept_status, and typed
// reads of answers of the wrong shape quote no value of the answer, in what
// the CLI prints or in its TRACE log: the
// answers hold a marker in every string, number and object, and only the
// error envelope's message, errors and requestId may show theirs.
func TestAccHostileAnswers_errorsQuoteNoValue(t *testing.T) {
	srv, url := startOrdersAPI(t, fakeapi.Options{})
	order := &plantingEdit{keep: func(path string) bool { return path == "$.statusCode" }}
	srv.Inject(fakeapi.Fault{Path: "/orders/LC-1001", Times: 1000, Edit: order.edit(t)})
	refused := &plantingEdit{keep: func(path string) bool { return path == "$.statusCode" },
		extra: map[string]any{"data": map[string]any{"customer": map[string]any{"email": "ada@example.com"}}}}
	srv.Inject(fakeapi.Fault{Path: "/orders/LC-1002", Status: 409, Times: 1000, Edit: refused.edit(t)})
	// Typed reads of answers whose data is of the wrong type.
	notAnOrder := &plantingEdit{keep: func(path string) bool { return path == "$.statusCode" },
		extra: map[string]any{"data": []any{"ada@example.com", map[string]any{"referenceId": "LC-1003"}}}}
	srv.Inject(fakeapi.Fault{Path: "/orders/LC-1003", Times: 1000, Edit: notAnOrder.edit(t)})
	notAPage := &plantingEdit{keep: func(path string) bool { return path == "$.statusCode" },
		extra: map[string]any{"data": map[string]any{"orders": map[string]any{"ada@example.com": 1}, "total": "many"}}}
	srv.Inject(fakeapi.Fault{Path: fakeapi.OrdersPath, Times: 1000, Edit: notAPage.edit(t)})

	failing := `{
    type    = "abs(data.customer.email)"
    object  = "abs(data.addresses)"
    array   = "sum(data.items[*].name)"
    unknown = "nope(data)"
    arity   = "abs(data, data)"
  }`
	body := ""
	for _, kind := range []string{"data", "ephemeral"} {
		for _, attr := range []string{"response_export_values", "sensitive_response_export_values"} {
			body += fmt.Sprintf(`
%s "liquidcommerce_api_request" "%s_%s" {
  path        = "/orders/LC-1001"
  credentials = "orders"
  %s = %s
}
`, kind, kind, attr, attr, failing)
		}
		body += fmt.Sprintf(`
%s "liquidcommerce_api_request" "%s_refused" {
  path          = "/orders/LC-1002"
  credentials   = "orders"
  accept_status = [404]
}
`, kind, kind)
	}
	body += `
data "liquidcommerce_order" "typed" {
  id = "LC-1003"
}

data "liquidcommerce_orders" "typed" {
  start_date = "2026-11-01"
  end_date   = "2026-12-01"
}
`
	out, log, err := cliRun(t, hostileConfig(url, body), "plan")
	if strings.Contains(out, "plugin crashed") {
		t.Fatalf("the plugin crashed:\n%s", out)
	}
	reads := 4
	if !strings.Contains(out, "ephemeral_") && strings.Contains(out, "Ephemeral") {
		reads = 2 // a CLI without ephemeral resources refuses them first
	}
	if err == nil || strings.Count(out, "JMESPath Expression Failed") < 5*reads-5 {
		t.Errorf("plan: %v, want every export to fail:\n%s", err, out)
	}
	if !strings.Contains(out, "HTTP 409") {
		t.Errorf("the status outside accept_status is not an error:\n%s", out)
	}
	if strings.Count(out, "Unexpected Response From LiquidCommerce API") != 2 {
		t.Errorf("the typed reads of answers of the wrong shape did not both fail:\n%s", out)
	}
	edits := []*plantingEdit{order, refused, notAnOrder, notAPage}
	for i, p := range edits {
		if len(p.planted) == 0 {
			t.Fatalf("answer %d was never planted", i)
		}
	}
	for what, text := range map[string]string{"the CLI's output": out, "the TRACE log": log} {
		for _, p := range edits {
			if leaks := p.leaks(text); len(leaks) > 0 {
				t.Errorf("%s repeats the answer's %v", what, leaks)
			}
		}
	}
}
