package provider_test

import (
	"encoding/json"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/fakeapi"
	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/provider"
)

// ordersPage is the page a request to GET /orders asks for.
func ordersPage(r fakeapi.Request) int {
	p, _ := strconv.Atoi(r.Query.Get("page"))
	return p
}

// searchPage is the page a POST /catalog/search asks for.
func searchPage(r fakeapi.Request) int {
	var b struct{ Page int }
	_ = json.Unmarshal(r.Body, &b)
	return b.Page
}

// onPage is a fault of every answer to page of a path.
func onPage(path string, pageOf func(fakeapi.Request) int, page int, f fakeapi.Fault) fakeapi.Fault {
	f.Path, f.Times = path, 1000
	f.Match = func(r fakeapi.Request) bool { return pageOf(r) == page }
	return f
}

func editData(edit func(data map[string]any)) func(map[string]any) {
	return func(body map[string]any) {
		data, _ := body["data"].(map[string]any)
		edit(data)
	}
}

func editNav(edit func(nav map[string]any)) func(map[string]any) {
	return func(body map[string]any) {
		nav, _ := body["navigation"].(map[string]any)
		if nav != nil {
			edit(nav)
		}
	}
}

// pagedCase is a read against an odd server, and what reading its pages one
// after another gives: how many results, whether complete, and a part of
// the warning ("" for none).
type pagedCase struct {
	name     string
	typeName string
	opts     fakeapi.Options
	faults   func(*fakeapi.Server) []fakeapi.Fault
	vals     map[string]tftypes.Value
	results  string // the list attribute counted
	want     int
	complete string
	warning  string
}

func ordersCase(name string, count int, opts fakeapi.Options, faults func(*fakeapi.Server) []fakeapi.Fault,
	want int, complete, warning string) pagedCase {
	opts.OrderCount = count
	return pagedCase{name: "orders/" + name, typeName: "liquidcommerce_orders", opts: opts, faults: faults,
		vals: november, results: "orders", want: want, complete: complete, warning: warning}
}

func searchCase(name string, opts fakeapi.Options, faults func(*fakeapi.Server) []fakeapi.Fault,
	want int, complete, warning string) pagedCase {
	opts.ProductCount = 250
	return pagedCase{name: "search/" + name, typeName: "liquidcommerce_catalog_search", opts: opts, faults: faults,
		vals: map[string]tftypes.Value{"max_results": num(1000)}, results: "products", want: want,
		complete: complete, warning: warning}
}

// run reads c on a new server and provider, inFlight requests at a time.
func (c pagedCase) run(t *testing.T, inFlight int) (state map[string]any, warnings string) {
	t.Helper()
	defer provider.SetInFlight(provider.SetInFlight(inFlight))
	e := ordersServer(t, c.opts)
	if c.faults != nil {
		e.srv.Inject(c.faults(e.srv)...)
	}
	state, errs, warnings := e.typedReadWarnings(t, c.typeName, c.vals)
	if errs != "" {
		t.Fatalf("%d at a time: %s", inFlight, errs)
	}
	return state, warnings
}

// A read that sends its pages 4 at a time gives what reading them one
// after another gives, row for row, with the same complete and warning,
// from servers that repeat pages, miscount their total, send a short page
// in the middle or change their page size or page numbers on the way.
func TestProtocolPagedReadsEqualSequential(t *testing.T) {
	everyPage := func(path string, edit func(map[string]any)) func(*fakeapi.Server) []fakeapi.Fault {
		return func(*fakeapi.Server) []fakeapi.Fault {
			return []fakeapi.Fault{{Path: path, Times: 1000, Edit: edit}}
		}
	}
	firstOnly := func(path, key string) func(*fakeapi.Server) []fakeapi.Fault {
		return func(*fakeapi.Server) []fakeapi.Fault {
			var mu sync.Mutex
			var first any
			return []fakeapi.Fault{{Path: path, Times: 1000, Edit: func(body map[string]any) {
				at := body
				if path == fakeapi.OrdersPath {
					at, _ = body["data"].(map[string]any)
				}
				mu.Lock()
				defer mu.Unlock()
				if first == nil {
					first = at[key]
				}
				at[key] = first
			}}}
		}
	}
	orders := fakeapi.OrdersPath
	cases := []pagedCase{
		ordersCase("every page read", 950, fakeapi.Options{}, nil, 950, "true", ""),
		ordersCase("more than max_results", 1200, fakeapi.Options{}, nil, 1000, "true", ""),
		ordersCase("pages that repeat half their orders", 250, fakeapi.Options{},
			everyPage(orders, editData(func(data map[string]any) {
				if o, _ := data["orders"].([]any); len(o) >= 50 {
					data["orders"] = append(o[:50:50], o[:50]...)
				}
				data["total"] = 100000
			})), 150, "false", "page 4 was empty"),
		ordersCase("every page the first one", 250, fakeapi.Options{}, firstOnly(orders, "orders"),
			100, "false", "page 2 had no order not read before"),
		ordersCase("a total larger than what exists", 250, fakeapi.Options{},
			everyPage(orders, editData(func(data map[string]any) { data["total"] = 5000 })),
			250, "false", "page 4 was empty"),
		ordersCase("a total smaller than what exists", 450, fakeapi.Options{},
			everyPage(orders, editData(func(data map[string]any) { data["total"] = 120 })), 200, "true", ""),
		ordersCase("a short page in the middle", 450, fakeapi.Options{}, func(*fakeapi.Server) []fakeapi.Fault {
			return []fakeapi.Fault{onPage(orders, ordersPage, 2, fakeapi.Fault{Edit: editData(func(data map[string]any) {
				o, _ := data["orders"].([]any)
				data["orders"] = o[:10]
			})})}
		}, 360, "false", "page 6 was empty"),
		ordersCase("a short page in the middle, total says more", 250, fakeapi.Options{},
			func(*fakeapi.Server) []fakeapi.Fault {
				return []fakeapi.Fault{onPage(orders, ordersPage, 2, fakeapi.Fault{Edit: editData(func(data map[string]any) {
					o, _ := data["orders"].([]any)
					data["orders"] = o[:10]
				})})}
			}, 160, "false", "page 4 was empty"),
		ordersCase("a limit that changes on page 2", 450, fakeapi.Options{}, func(*fakeapi.Server) []fakeapi.Fault {
			return []fakeapi.Fault{onPage(orders, ordersPage, 2, fakeapi.Fault{Edit: editData(func(data map[string]any) {
				data["limit"] = 50
			})})}
		}, 200, "false", "page 3 had no order not read before"),
		ordersCase("a page cap said in limit", 250, fakeapi.Options{OrdersPageCap: 25}, nil, 250, "true", ""),
		ordersCase("short pages while total says more", 250, fakeapi.Options{OrdersShortPage: 30}, nil, 250,
			"true", ""),
		searchCase("by page number", fakeapi.Options{}, nil, 250, "true", ""),
		searchCase("pages from 1", fakeapi.Options{SearchPagesFromOne: true}, nil, 250, "true", ""),
		searchCase("a page cap", fakeapi.Options{SearchPageCap: 40}, nil, 250, "true", ""),
		searchCase("by cursor", fakeapi.Options{CatalogCursor: true}, nil, 250, "true", ""),
		searchCase("every page the first one", fakeapi.Options{}, firstOnly(fakeapi.CatalogSearchPath, "products"),
			100, "false", "page 1 had no product not read before"),
		searchCase("more pages than exist", fakeapi.Options{},
			everyPage(fakeapi.CatalogSearchPath, editNav(func(nav map[string]any) { nav["totalPages"] = 9 })),
			250, "true", ""),
		searchCase("a current page stuck at 0", fakeapi.Options{},
			everyPage(fakeapi.CatalogSearchPath, editNav(func(nav map[string]any) { nav["currentPage"] = 0 })),
			200, "false", "page 1 had no product not read before"),
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			seq, seqWarn := c.run(t, 1)
			con, conWarn := c.run(t, 4)
			if !reflect.DeepEqual(con, seq) || conWarn != seqWarn {
				t.Errorf("4 at a time differs from one after another:\n%v\n%q\nagainst\n%v\n%q", con, conWarn, seq,
					seqWarn)
			}
			got := len(list(con[c.results]))
			if got != c.want || plain(con["complete"]) != c.complete || c.warning == "" && conWarn != "" ||
				!strings.Contains(conWarn, c.warning) {
				t.Errorf("%d %s, complete %s, warnings %q; want %d, %s, %q", got, c.results, plain(con["complete"]),
					conWarn, c.want, c.complete, c.warning)
			}
		})
	}
}

// The batches of an availability read, sent 4 at a time, merge into what
// they merge into one after another.
func TestProtocolAvailabilityBatchesEqualSequential(t *testing.T) {
	read := func(inFlight int) map[string]any {
		defer provider.SetInFlight(provider.SetInFlight(inFlight))
		e := catalogEnv(t, fakeapi.Options{ProductCount: 250})
		upcs := catalogUPCs(t, e, 200)
		state, errs := e.catalogRead(t, "liquidcommerce_catalog_availability", map[string]tftypes.Value{
			"upcs": strs(upcs...), "location": e.location(t, "liquidcommerce_catalog_availability", nil, 42.65, -73.75)})
		if errs != "" {
			t.Fatal(errs)
		}
		if n := e.srv.Count(fakeapi.CatalogAvailabilityPath); n != 10 {
			t.Errorf("%d requests for 200 UPCs, want 10", n)
		}
		return state
	}
	seq, con := read(1), read(4)
	if len(list(con["products"])) < 100 || !reflect.DeepEqual(con, seq) {
		t.Errorf("4 at a time: %d products, one after another: %d, or they differ", len(list(con["products"])),
			len(list(seq["products"])))
	}
}

// catalogUPCs is n UPCs of the fake's catalog, sorted.
func catalogUPCs(t *testing.T, e *protoEnv, n int) []string {
	t.Helper()
	state, errs := e.catalogRead(t, "liquidcommerce_catalog_search", map[string]tftypes.Value{"max_results": num(1000)})
	if errs != "" {
		t.Fatal(errs)
	}
	var upcs []string
	for _, p := range list(state["products"]) {
		for _, s := range list(dict(p)["sizes"]) {
			if u, ok := dict(s)["upc"].(string); ok && !slices.Contains(upcs, u) {
				upcs = append(upcs, u)
			}
		}
	}
	slices.Sort(upcs)
	if len(upcs) < n {
		t.Fatalf("%d UPCs in the catalog, want %d", len(upcs), n)
	}
	return upcs[:n]
}

// A page that fails fails the read, naming the page, with nothing stored;
// the pages after it still in flight are canceled, not waited for.
func TestProtocolPagedReadFailedPageCancelsTheRest(t *testing.T) {
	e := ordersServer(t, fakeapi.Options{OrderCount: 1000, Latency: 20 * time.Millisecond})
	// Pages 4 and 5 would take a minute: only a cancel ends them early.
	e.srv.Inject(
		onPage(fakeapi.OrdersPath, ordersPage, 3, fakeapi.Fault{Status: 400}),
		onPage(fakeapi.OrdersPath, ordersPage, 4, fakeapi.Fault{Delay: time.Minute}),
		onPage(fakeapi.OrdersPath, ordersPage, 5, fakeapi.Fault{Delay: time.Minute}),
	)
	typ := e.dataSourceType(t, "liquidcommerce_orders")
	resp, err := e.server.ReadDataSource(e.ctx, &tfprotov6.ReadDataSourceRequest{TypeName: "liquidcommerce_orders",
		Config: dynamicValue(t, typ, with(november, "max_retries", num(0)))})
	if err != nil {
		t.Fatal(err)
	}
	errs := diagError(resp.Diagnostics)
	if !strings.Contains(errs, "HTTP 400") || !strings.Contains(errs, "failed on page 3") {
		t.Errorf("errors %q, want page 3's HTTP 400, naming page 3", errs)
	}
	if resp.State != nil {
		if v, err := resp.State.Unmarshal(typ); err == nil {
			if m := dict(goValue(t, v)); m["orders"] != nil {
				t.Errorf("a failed read stored %d orders", len(list(m["orders"])))
			}
		}
	}
	var after []int
	for _, r := range e.srv.Requests(fakeapi.OrdersPath) {
		if p := ordersPage(r); p > 3 {
			after = append(after, p)
		}
	}
	if n := e.srv.Abandoned(fakeapi.OrdersPath); n != len(after) || !slices.Contains(after, 4) ||
		!slices.Contains(after, 5) {
		t.Errorf("pages %v sent after page 3, %d of them canceled; want 4 and 5 among them, every one canceled",
			after, n)
	}
}

// A search page and an availability request that fail are named too.
func TestProtocolPagedReadFailureNamesThePart(t *testing.T) {
	e := catalogEnv(t, fakeapi.Options{ProductCount: 1000})
	upcs := catalogUPCs(t, e, 200)
	e.srv.Inject(onPage(fakeapi.CatalogSearchPath, searchPage, 2, fakeapi.Fault{Status: 400}))
	if _, errs := e.catalogRead(t, "liquidcommerce_catalog_search", map[string]tftypes.Value{
		"max_results": num(1000), "max_retries": num(0)}); !strings.Contains(errs, "failed on page 2") {
		t.Errorf("search errors %q, want page 2 named", errs)
	}
	third := upcs[40]
	e.srv.Inject(fakeapi.Fault{Path: fakeapi.CatalogAvailabilityPath, Status: 400, Times: 1000,
		Match: func(r fakeapi.Request) bool { return strings.Contains(string(r.Body), `"`+third+`"`) }})
	if _, errs := e.catalogRead(t, "liquidcommerce_catalog_availability", map[string]tftypes.Value{
		"upcs": strs(upcs...), "max_retries": num(0)}); !strings.Contains(errs, "failed on request 3 of 10") {
		t.Errorf("availability errors %q, want request 3 of 10 named", errs)
	}
}

// A 429 on one page holds back the read's other requests: none is sent
// after the 429 is answered and before its Retry-After has passed, and the
// read then reads every page.
func TestProtocolPaged429PausesTheOthers(t *testing.T) {
	e := ordersServer(t, fakeapi.Options{OrderCount: 1000, Latency: 20 * time.Millisecond})
	var mu sync.Mutex
	var answered time.Time
	f := onPage(fakeapi.OrdersPath, ordersPage, 2, fakeapi.Fault{Status: 429, RetryAfter: "1",
		Edit: func(map[string]any) {
			mu.Lock()
			defer mu.Unlock()
			answered = time.Now()
		}})
	f.Times = 1
	e.srv.Inject(f)
	ids, errs := e.ordersRead(t, with(november, "max_results", num(1000)))
	if errs != "" || len(ids) != 1000 {
		t.Fatalf("%d orders, errors %q; want 1000", len(ids), errs)
	}
	mu.Lock()
	defer mu.Unlock()
	later := 0
	for _, r := range e.srv.Requests("") {
		if r.At.After(answered) {
			later++
			if r.At.Before(answered.Add(time.Second)) {
				t.Errorf("%s page %s sent %v after the 429 was answered, within its Retry-After of 1s", r.Path,
					r.Query.Get("page"), r.At.Sub(answered))
			}
		}
	}
	// Page 2 again, and pages 6 to 10, which wait for slots page 2 holds.
	if later < 6 {
		t.Errorf("%d requests after the 429, want page 2's retry and pages 6 to 10", later)
	}
}

// At most 4 requests of a read are in flight at once, and more than 1,
// counted at the API, whose answers take long enough to overlap.
func TestProtocolPagedReadsInFlight(t *testing.T) {
	e := ordersServer(t, fakeapi.Options{OrderCount: 1000, ProductCount: 1000, Latency: 50 * time.Millisecond})
	upcs := catalogUPCs(t, e, 200)
	for _, r := range []struct {
		typeName, path string
		vals           map[string]tftypes.Value
	}{
		{"liquidcommerce_orders", fakeapi.OrdersPath, with(november, "max_results", num(1000))},
		{"liquidcommerce_catalog_search", fakeapi.CatalogSearchPath, map[string]tftypes.Value{"max_results": num(1000)}},
		{"liquidcommerce_catalog_availability", fakeapi.CatalogAvailabilityPath,
			map[string]tftypes.Value{"upcs": strs(upcs...)}},
	} {
		e.srv.ResetInFlight()
		before := e.srv.Count(r.path)
		if _, errs := e.catalogRead(t, r.typeName, r.vals); errs != "" {
			t.Fatal(errs)
		}
		most, sent := e.srv.MaxInFlight(r.path), e.srv.Count(r.path)-before
		if most < 2 || most > 4 || e.srv.MaxInFlight("") > 4 || sent != 10 {
			t.Errorf("%s: at most %d of %d requests in flight at once (%d in all); want 2 to 4 of 10",
				r.typeName, most, sent, e.srv.MaxInFlight(""))
		}
	}
}

// A fail-fast read of 160 UPCs against an API that is down fails on its
// first answer: the batches in flight with it are canceled and the rest are
// never sent, so it sends at most one round of them, not eight requests.
func TestProtocolFailFastBatchesAgainstADownAPI(t *testing.T) {
	e := catalogEnv(t, fakeapi.Options{ProductCount: 250})
	upcs := catalogUPCs(t, e, 160)
	e.srv.ResetInFlight()
	before := e.srv.Count(fakeapi.CatalogAvailabilityPath)
	e.srv.Inject(fakeapi.Fault{Path: fakeapi.CatalogAvailabilityPath, Status: 500, Times: 1000})
	_, errs := e.catalogRead(t, "liquidcommerce_catalog_availability", map[string]tftypes.Value{
		"upcs": strs(upcs...), "max_retries": num(0), "request_timeout": str("5s")})
	if !strings.Contains(errs, "failed on request") {
		t.Errorf("errors %q, want the failed request named", errs)
	}
	if sent := e.srv.Count(fakeapi.CatalogAvailabilityPath) - before; sent < 1 || sent > 4 {
		t.Errorf("%d requests sent to a down API, want at most the 4 in flight", sent)
	}
}
