package provider_test

import (
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/fakeapi"
)

// limitedRead is one typed read, as a data source or as an ephemeral
// resource, with a configuration that reads through path.
type limitedRead struct {
	typeName  string
	ephemeral bool
	path      string
	vals      map[string]tftypes.Value
}

func (r limitedRead) String() string {
	if r.ephemeral {
		return "ephemeral " + r.typeName
	}
	return r.typeName
}

// limitedReads are every typed read and variant.
func limitedReads() []limitedRead {
	order := map[string]tftypes.Value{"id": str("LC-1001")}
	availability := map[string]tftypes.Value{"upcs": strs("000000000017")}
	search := map[string]tftypes.Value{"search": str("gin")}
	return []limitedRead{
		{"liquidcommerce_order", false, "/orders/LC-1001", order},
		{"liquidcommerce_order", true, "/orders/LC-1001", order},
		{"liquidcommerce_orders", false, fakeapi.OrdersPath, november},
		{"liquidcommerce_orders", true, fakeapi.OrdersPath, november},
		{"liquidcommerce_catalog_availability", false, fakeapi.CatalogAvailabilityPath, availability},
		{"liquidcommerce_catalog_search", false, fakeapi.CatalogSearchPath, search},
	}
}

// limitsEnv is a provider with Orders credentials and these settings
// against a fake API with 250 orders.
func limitsEnv(t *testing.T, settings map[string]tftypes.Value) *protoEnv {
	t.Helper()
	vals := map[string]tftypes.Value{"orders_user_id": str(testOrdersUser), "orders_password": str(testOrdersPassword)}
	for k, v := range settings {
		vals[k] = v
	}
	return configuredServer(t, fakeapi.Options{OrdersUsers: map[string]string{testOrdersUser: testOrdersPassword},
		OrderCount: 250}, testAPIKey, vals)
}

// do validates and reads r as Terraform does, with extra added to its
// configuration, and returns the errors of validation, else of the read.
func (r limitedRead) do(t *testing.T, e *protoEnv, extra map[string]tftypes.Value) string {
	t.Helper()
	return r.send(t, e, extra, true)
}

// send is do, but with validate false it only reads, as for values known
// only at read.
func (r limitedRead) send(t *testing.T, e *protoEnv, extra map[string]tftypes.Value, validate bool) string {
	t.Helper()
	vals := map[string]tftypes.Value{}
	for k, v := range r.vals {
		vals[k] = v
	}
	for k, v := range extra {
		vals[k] = v
	}
	if !r.ephemeral {
		cfg := dynamicValue(t, e.dataSourceType(t, r.typeName), vals)
		v, err := e.server.ValidateDataResourceConfig(e.ctx, &tfprotov6.ValidateDataResourceConfigRequest{
			TypeName: r.typeName, Config: cfg})
		if err != nil {
			t.Fatal(err)
		}
		if errs := diagError(v.Diagnostics); errs != "" && validate {
			return errs
		}
		resp, err := e.server.ReadDataSource(e.ctx, &tfprotov6.ReadDataSourceRequest{TypeName: r.typeName, Config: cfg})
		if err != nil {
			t.Fatal(err)
		}
		return diagError(resp.Diagnostics)
	}
	cfg := dynamicValue(t, ephemeralType(t, e, r.typeName), vals)
	v, err := e.server.ValidateEphemeralResourceConfig(e.ctx, &tfprotov6.ValidateEphemeralResourceConfigRequest{
		TypeName: r.typeName, Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	if errs := diagError(v.Diagnostics); errs != "" && validate {
		return errs
	}
	o, err := e.server.OpenEphemeralResource(e.ctx, &tfprotov6.OpenEphemeralResourceRequest{
		TypeName: r.typeName, Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	return diagError(o.Diagnostics)
}

var failFast = map[string]tftypes.Value{"max_retries": number("0"), "request_timeout": str("2s")}

// Against an always-503 path, a typed read with max_retries = 0 sends one
// request to it, where the provider's max_retries would send it again.
func TestProtocolTypedReadFailFast(t *testing.T) {
	for _, r := range limitedReads() {
		t.Run(r.String(), func(t *testing.T) {
			for _, tc := range []struct {
				read      map[string]tftypes.Value
				wantCalls int
			}{
				{nil, 2}, // the provider's max_retries = 1
				{failFast, 1},
			} {
				e := limitsEnv(t, map[string]tftypes.Value{"max_retries": number("1")})
				e.srv.Inject(fakeapi.Fault{Path: r.path, Status: 503, Times: 1000})
				if errs := r.do(t, e, tc.read); !strings.Contains(errs, "HTTP 503") {
					t.Errorf("read %v: errors %q, want the 503", tc.read, errs)
				}
				if n := e.srv.Count(r.path); n != tc.wantCalls {
					t.Errorf("read %v: %d requests to %s, want %d", tc.read, n, r.path, tc.wantCalls)
				}
			}
		})
	}
}

// When the whole API is down, a fail-fast typed read sends one request in
// all: the login it starts has the read's limits too.
func TestProtocolTypedReadFailFastWhenAllIsDown(t *testing.T) {
	for _, r := range limitedReads() {
		t.Run(r.String(), func(t *testing.T) {
			e := limitsEnv(t, map[string]tftypes.Value{"max_retries": number("4")})
			e.srv.Inject(fakeapi.Fault{Status: 503, Times: 1000})
			if errs := r.do(t, e, failFast); !strings.Contains(errs, "HTTP 503") {
				t.Errorf("errors %q, want the login's 503", errs)
			}
			if n := e.srv.Count(""); n != 1 {
				t.Errorf("%d requests, want 1", n)
			}
		})
	}
}

// A typed read's max_retries and request_timeout follow
// liquidcommerce_api_request's rules, at validation and at read, and a bad
// value sends nothing.
func TestProtocolTypedReadLimitsValidation(t *testing.T) {
	for _, r := range limitedReads() {
		t.Run(r.String(), func(t *testing.T) {
			e := limitsEnv(t, nil)
			for _, tc := range []struct {
				attr  string
				value tftypes.Value
				want  string
			}{
				{"max_retries", number("0.5"), "max_retries must be a whole number from 0 to 10, got 0.5"},
				{"max_retries", number("11"), "max_retries must be a whole number from 0 to 10, got 11"},
				{"max_retries", number("-1"), "max_retries must be a whole number from 0 to 10, got -1"},
				{"request_timeout", str("thirty"), "request_timeout must be a Go duration"},
				{"request_timeout", str("0s"), "request_timeout must be a duration of at least 1ms"},
				{"request_timeout", str("999us"), "request_timeout must be a duration of at least 1ms"},
			} {
				for _, validate := range []bool{true, false} {
					errs := r.send(t, e, map[string]tftypes.Value{tc.attr: tc.value}, validate)
					// At read the duration's error is the read's own, worded
					// as api_request's is.
					want := tc.want
					if !validate {
						want = tc.attr + " must be a "
					}
					if !strings.Contains(errs, want) {
						t.Errorf("%s = %v (validate %v): errors %q, want %q", tc.attr, tc.value, validate, errs, tc.want)
					}
				}
			}
			if n := e.srv.Count(""); n != 0 {
				t.Errorf("%d requests, want none", n)
			}
		})
	}
}

// A fail-fast read that waits for a slow login another read started fails
// at its own bound, and says it waited for that login, not that the API
// was slow to answer it.
func TestProtocolTypedReadFailFastWaitingForALogin(t *testing.T) {
	e := limitsEnv(t, nil)
	e.srv.Inject(fakeapi.Fault{Path: fakeapi.AuthPath, Delay: 1500 * time.Millisecond})
	search := limitedReads()[5]
	first := make(chan string, 1)
	go func() { first <- search.do(t, e, nil) }()
	for e.srv.Count(fakeapi.AuthPath) == 0 {
		time.Sleep(time.Millisecond)
	}
	start := time.Now()
	errs := search.do(t, e, map[string]tftypes.Value{"max_retries": number("0"), "request_timeout": str("100ms")})
	for _, want := range []string{"Timed Out While Waiting", "waited", "for a login in progress",
		"(GET /authentication)", "100ms"} {
		if !strings.Contains(errs, want) {
			t.Errorf("errors %q lack %q", errs, want)
		}
	}
	if strings.Contains(errs, "got no answer") {
		t.Errorf("errors %q blame the API", errs)
	}
	if took := time.Since(start); took > time.Second {
		t.Errorf("the read bounded to 100ms took %s", took)
	}
	if errs := <-first; errs != "" {
		t.Errorf("the read that logged in: %s", errs)
	}
}

// A fail-fast read bounded below the Retry-After another read got fails at
// once, and says it would have waited for that Retry-After, until when, not
// that the API gave no answer (issue 22, defect 7).
func TestProtocolTypedReadFailFastPastARetryAfter(t *testing.T) {
	e := limitsEnv(t, nil)
	search := limitedReads()[5]
	e.srv.Inject(fakeapi.Fault{Path: search.path, Status: 429, RetryAfter: "30"})
	failFast := map[string]tftypes.Value{"max_retries": number("0"), "request_timeout": str("1s")}
	if errs := search.do(t, e, failFast); !strings.Contains(errs, "429") {
		t.Fatalf("the read that met the 429: %q", errs)
	}
	start := time.Now()
	errs := search.do(t, e, failFast)
	for _, want := range []string{"Timed Out While Waiting", "for a Retry-After from another request",
		"which ends at ", "past its own deadline", " " + search.path + ":"} {
		if !strings.Contains(errs, want) {
			t.Errorf("errors %q lack %q", errs, want)
		}
	}
	if strings.Contains(errs, "got no answer") {
		t.Errorf("errors %q blame the API", errs)
	}
	if took := time.Since(start); took > 500*time.Millisecond {
		t.Errorf("the read bounded to 1s took %s, want it to fail at once", took)
	}
	if n := e.srv.Count(search.path); n != 1 {
		t.Errorf("%d searches sent, want the first alone", n)
	}
}
