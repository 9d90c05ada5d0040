package provider_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/fakeapi"
	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/provider"
)

const guidesDir = "../../examples/guides"

// guideSkips are the folders of examples/guides that TestAccGuideExamples
// does not run, each with the provider it needs besides this one and the
// built-in terraform provider: none can be installed offline, and none
// has a fake here.
var guideSkips = map[string]string{
	"api-order-secret-store": "hashicorp/aws",
	"ci-fanout-from-secret":  "hashicorp/aws",
	"graphql-provider":       "sullivtr/graphql",
	"rest-provider":          "Mastercard/restapi",
	"secret-store":           "hashicorp/aws",
}

// webhookTestPath is the endpoint the provisioner examples post to. The
// fake does not serve it, so the test stands in for it with a fault that
// answers 200, and checks what reached it.
const webhookTestPath = "/webhook/test"

// guide is one run of an example: the fake it reads, the test step that
// applies it as written, the provider's environment, and the home and
// working directories the run gets.
type guide struct {
	srv        *fakeapi.Server
	step       resource.TestStep
	env        map[string]string
	home, work string
}

// guideRuns are the folders of examples/guides that TestAccGuideExamples
// applies, with what each needs besides the provider's environment and
// what it must have done. Each returns a check of the fake's requests for
// after the apply, or nil.
var guideRuns = map[string]func(t *testing.T, g *guide) func(t *testing.T){
	"api-catalog-check": func(_ *testing.T, g *guide) func(*testing.T) {
		g.step.ExpectNonEmptyPlan = true // a scoped data source is read again at every apply
		g.step.ConfigStateChecks = []statecheck.StateCheck{
			statecheck.ExpectKnownValue("data.liquidcommerce_api_request.search", tfjsonpath.New("status_code"), knownvalue.Int64Exact(200)),
			statecheck.ExpectKnownValue("data.liquidcommerce_api_request.search", tfjsonpath.New("output").AtMapKey("names"),
				knownvalue.ListPartial(map[int]knownvalue.Check{0: knownvalue.StringRegexp(regexp.MustCompile(`(?i)gin`))})),
		}
		return nil
	},
	"api-fail-fast-check": func(_ *testing.T, g *guide) func(*testing.T) {
		g.step.ExpectNonEmptyPlan = true // a scoped data source is read again at every apply
		g.step.ConfigStateChecks = []statecheck.StateCheck{
			statecheck.ExpectKnownValue("data.liquidcommerce_api_request.availability", tfjsonpath.New("output").AtMapKey("products"),
				knownvalue.Int64Func(func(n int64) error {
					if n < 1 {
						return fmt.Errorf("%d products: the check's assertion fails", n)
					}
					return nil
				})),
		}
		return nil
	},
	"api-order-absent-check": func(_ *testing.T, g *guide) func(*testing.T) {
		g.step.ExpectNonEmptyPlan = true // a scoped data source is read again at every apply
		g.step.ConfigStateChecks = []statecheck.StateCheck{
			statecheck.ExpectKnownValue("data.liquidcommerce_api_request.load_test_order", tfjsonpath.New("status_code"), knownvalue.Int64Exact(404)),
		}
		return func(t *testing.T) {
			if g.srv.Count("/orders/LT-0001") == 0 {
				t.Error("the check never asked for order LT-0001")
			}
		}
	},
	"api-order-sensitive-export": func(_ *testing.T, g *guide) func(*testing.T) {
		order := fakeapi.SampleOrders[0]
		g.step.ConfigVariables = config.Variables{"order_id": config.StringVariable(*order.ReferenceID)}
		g.step.ConfigStateChecks = []statecheck.StateCheck{
			statecheck.ExpectKnownOutputValue("order_status", knownvalue.StringExact(order.Status)),
			statecheck.ExpectKnownOutputValue("order_amounts", knownvalue.ObjectPartial(map[string]knownvalue.Check{
				"total": knownvalue.Int64Exact(int64(order.Amounts.Total)),
			})),
		}
		return nil
	},
	"api-order-status": func(_ *testing.T, g *guide) func(*testing.T) {
		order := fakeapi.SampleOrders[0] // delivered, so the courier is invoiced
		g.step.ConfigVariables = config.Variables{"order_id": config.StringVariable(*order.ReferenceID)}
		g.step.ConfigStateChecks = []statecheck.StateCheck{
			statecheck.ExpectKnownOutputValue("order_status", knownvalue.StringExact("delivered")),
			statecheck.ExpectKnownValue("terraform_data.courier_invoice[0]", tfjsonpath.New("output"), knownvalue.ObjectExact(map[string]knownvalue.Check{
				"order_id": knownvalue.StringExact(*order.ReferenceID),
				"items":    knownvalue.Int64Exact(int64(len(order.Items))),
				"amount":   knownvalue.Int64Exact(int64(order.Amounts.Total) + 250),
			})),
		}
		return nil
	},
	"api-orders-pages": func(t *testing.T, g *guide) func(*testing.T) {
		g.step.ExpectNonEmptyPlan = true // triggers_replace = [plantimestamp()]
		// OpenTofu's plantimestamp has whole seconds: a plan in the second of
		// the apply would see the same one, and no change.
		g.step.Check = func(*terraform.State) error { time.Sleep(1100 * time.Millisecond); return nil }
		// The provisioner runs the reader's ./scripts/monthly-totals.sh, which
		// the example does not ship: a stand-in records what it is given.
		out := t.TempDir()
		g.env["GUIDE_SCRIPT_OUT"] = out
		g.step.PreConfig = func() {
			work, err := filepath.Glob(filepath.Join(g.work, "work*"))
			if err != nil || len(work) != 1 {
				t.Fatalf("the harness's working directory under %s: found %v (%v)", g.work, work, err)
			}
			script := "#!/bin/sh\nprintf '%s' \"$ORDERS_JSON\" >\"$GUIDE_SCRIPT_OUT/orders.json\"\n" +
				"printf '%s' \"$ORDERS_COMPLETE\" >\"$GUIDE_SCRIPT_OUT/complete\"\n"
			if err := os.MkdirAll(filepath.Join(work[0], "scripts"), 0o700); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(work[0], "scripts", "monthly-totals.sh"), []byte(script), 0o700); err != nil {
				t.Fatal(err)
			}
		}
		return func(t *testing.T) {
			var want []string
			from, to := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
			for _, o := range fakeapi.SampleOrders {
				if at, err := time.Parse(time.RFC3339, o.CreatedAt); err == nil && !at.Before(from) && at.Before(to) {
					want = append(want, *o.ReferenceID)
				}
			}
			raw, err := os.ReadFile(filepath.Join(out, "orders.json"))
			if err != nil {
				t.Fatalf("the script never ran: %v", err)
			}
			var orders []struct {
				ReferenceID string `json:"referenceId"`
			}
			if err := json.Unmarshal(raw, &orders); err != nil {
				t.Fatalf("ORDERS_JSON: %v", err)
			}
			var got []string
			for _, o := range orders {
				got = append(got, o.ReferenceID)
			}
			sort.Strings(got)
			sort.Strings(want)
			if !slices.Equal(got, want) || len(want) == 0 {
				t.Errorf("the script got orders %v, want those of November 2026: %v", got, want)
			}
			if complete, _ := os.ReadFile(filepath.Join(out, "complete")); string(complete) != "true" {
				t.Errorf("ORDERS_COMPLETE = %q, want true", complete)
			}
		}
	},
	"checks-typed-reads": func(_ *testing.T, g *guide) func(*testing.T) {
		g.step.ExpectNonEmptyPlan = true // scoped data sources are read again at every apply
		g.step.ConfigStateChecks = []statecheck.StateCheck{
			inStock{address: "data.liquidcommerce_catalog_availability.near_albany", upc: "00000000000017"},
			statecheck.ExpectKnownValue("data.liquidcommerce_order.watched", tfjsonpath.New("status"), knownvalue.StringExact("delivered")),
			statecheck.ExpectKnownValue("data.liquidcommerce_orders.last_day_all", tfjsonpath.New("complete"), knownvalue.Bool(true)),
		}
		// Every check reads fail-fast: one attempt of at most 5 seconds.
		for _, address := range []string{"data.liquidcommerce_catalog_availability.near_albany",
			"data.liquidcommerce_orders.last_day", "data.liquidcommerce_orders.last_day_all", "data.liquidcommerce_order.watched"} {
			g.step.ConfigStateChecks = append(g.step.ConfigStateChecks,
				statecheck.ExpectKnownValue(address, tfjsonpath.New("max_retries"), knownvalue.Int64Exact(0)),
				statecheck.ExpectKnownValue(address, tfjsonpath.New("request_timeout"), knownvalue.StringExact("5s")))
		}
		return func(t *testing.T) {
			for _, path := range []string{fakeapi.CatalogAvailabilityPath, fakeapi.OrdersPath, "/orders/LC-1001"} {
				if g.srv.Count(path) == 0 {
					t.Errorf("the guide's checks sent nothing to %s", path)
				}
			}
		}
	},
	"ci-fanout-job": func(_ *testing.T, g *guide) func(*testing.T) {
		// The token the pipeline minted; the key stays, as the fallback the
		// example mentions.
		token := g.srv.Mint(false)
		g.env[provider.EnvAccessToken] = token
		return func(t *testing.T) {
			if n := g.srv.Count(fakeapi.AuthPath); n != 0 {
				t.Errorf("%d logins; the job must use the token it was given", n)
			}
			if bearerCount(g.srv, fakeapi.CatalogAvailabilityPath, token) == 0 {
				t.Error("no read carried the given token")
			}
		}
	},
	"legacy-data-source": webhookTest,
	"provisioner":        webhookTest,
	"token-cache": func(_ *testing.T, g *guide) func(*testing.T) {
		// The plan after the apply is empty, as the guide says: the output
		// stays the same because every process shares the cached token.
		return func(t *testing.T) {
			if n := g.srv.Count(fakeapi.AuthPath); n != 1 {
				t.Errorf("%d logins; the processes of the run must share one through the cache", n)
			}
			entries, _ := filepath.Glob(filepath.Join(g.home, ".cache", "liquidcommerce-tokens", "*.json"))
			if len(entries) != 1 {
				t.Errorf("%d cache entries under ~/.cache/liquidcommerce-tokens, want 1", len(entries))
			}
		}
	},
}

// webhookTest runs an example that posts to /webhook/test with the token,
// and checks that the request reached the provider's base URL with a token
// the fake issued.
func webhookTest(_ *testing.T, g *guide) func(*testing.T) {
	g.srv.Inject(fakeapi.Fault{Path: webhookTestPath, Status: 200, Times: 5})
	return func(t *testing.T) {
		reqs := g.srv.Requests(webhookTestPath)
		if len(reqs) != 1 {
			t.Fatalf("%d requests reached %s of the provider's base URL, want 1", len(reqs), webhookTestPath)
		}
		auth := reqs[0].Header.Get("Authorization")
		if reqs[0].Method != "POST" || !slices.Contains(g.srv.Issued(), strings.TrimPrefix(auth, "Bearer ")) {
			t.Errorf("%s %s with %d characters of Authorization; want a POST with a token the API issued",
				reqs[0].Method, webhookTestPath, len(auth))
		}
	}
}

// guideDirs lists the folders of examples/guides.
func guideDirs(t *testing.T) []string {
	t.Helper()
	entries, err := os.ReadDir(guidesDir)
	if err != nil {
		t.Fatal(err)
	}
	var dirs []string
	for _, e := range entries {
		if e.IsDir() {
			dirs = append(dirs, e.Name())
		}
	}
	if len(dirs) < 10 {
		t.Fatalf("%d folders under %s; the test proves little", len(dirs), guidesDir)
	}
	return dirs
}

// guideText is the configuration of one folder of examples/guides, as
// written: its .tf files, one after the other.
func guideText(t *testing.T, dir string) string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(guidesDir, dir, "*.tf"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no .tf file in examples/guides/%s (%v)", dir, err)
	}
	var b strings.Builder
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(raw)
		b.WriteString("\n")
	}
	return b.String()
}

// Every folder of examples/guides is either run by TestAccGuideExamples or
// skipped for a provider it does declare.
func TestGuideExamplesAreRunOrSkippedForAReason(t *testing.T) {
	dirs := guideDirs(t)
	for _, dir := range dirs {
		source, skipped := guideSkips[dir]
		_, run := guideRuns[dir]
		switch {
		case skipped && run:
			t.Errorf("examples/guides/%s is both run and skipped", dir)
		case !skipped && !run:
			t.Errorf("examples/guides/%s is neither run nor skipped: add it to guideRuns, or to guideSkips with the provider it needs", dir)
		case skipped && !regexp.MustCompile(`source\s*=\s*"`+regexp.QuoteMeta(source)+`"`).MatchString(guideText(t, dir)):
			t.Errorf("examples/guides/%s is skipped for the %s provider, which it does not declare", dir, source)
		}
	}
	for _, names := range [][]string{keys(guideSkips), keys(guideRuns)} {
		for _, name := range names {
			if !slices.Contains(dirs, name) {
				t.Errorf("%s is listed, but examples/guides has no such folder", name)
			}
		}
	}
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// Each example of the guides is applied as written, read from disk,
// against the fake, with the provider configured from the environment as
// the guides say: LIQUIDCOMMERCE_API_KEY, LIQUIDCOMMERCE_BASE_URL and the
// Orders credentials. Its terraform block stays, so the provider is served
// under liquidcommerce/liquidcommerce. An example skips on a CLI its
// required_version or its ephemeral resources rule out.
func TestAccGuideExamples(t *testing.T) {
	for _, dir := range guideDirs(t) {
		t.Run(dir, func(t *testing.T) {
			if source, ok := guideSkips[dir]; ok {
				t.Skipf("examples/guides/%s needs the %s provider, which cannot be installed offline", dir, source)
			}
			run, ok := guideRuns[dir]
			if !ok {
				t.Fatalf("examples/guides/%s is neither run nor skipped", dir)
			}
			text := guideText(t, dir)
			srv, url := startOrdersAPI(t, fakeapi.Options{})
			g := &guide{srv: srv, step: resource.TestStep{Config: text}, home: t.TempDir(), work: t.TempDir(),
				env: map[string]string{
					"LIQUIDCOMMERCE_API_KEY": testAPIKey, "LIQUIDCOMMERCE_BASE_URL": url,
					"LIQUIDCOMMERCE_ORDERS_USER_ID": testOrdersUser, "LIQUIDCOMMERCE_ORDERS_PASSWORD": testOrdersPassword,
				}}
			after := run(t, g)
			setProviderEnv(t, g.env)
			for name, v := range g.env {
				if !slices.Contains(providerEnv, name) {
					t.Setenv(name, v)
				}
			}
			// A ~ in the example is a home of the test's own.
			t.Setenv("HOME", g.home)
			t.Setenv(resource.EnvTfAccProviderNamespace, "liquidcommerce")
			resource.Test(t, resource.TestCase{
				TerraformVersionChecks:   guideVersions(t, text),
				ProtoV6ProviderFactories: factories(),
				WorkingDir:               g.work,
				Steps:                    []resource.TestStep{g.step},
			})
			if after != nil {
				after(t)
			}
		})
	}
}

// guideVersions skips an example on CLIs without the ephemeral resources it
// uses, or outside its required_version.
func guideVersions(t *testing.T, text string) []tfversion.TerraformVersionCheck {
	var checks []tfversion.TerraformVersionCheck
	if regexp.MustCompile(`(?m)^ephemeral "`).MatchString(text) {
		checks = append(checks, ephemeralVersions...)
	}
	if m := regexp.MustCompile(`(?m)^\s*required_version\s*=\s*"([^"]+)"`).FindStringSubmatch(text); m != nil {
		c, err := version.NewConstraint(m[1])
		if err != nil {
			t.Fatalf("required_version %q: %v", m[1], err)
		}
		checks = append(checks, requiredVersion{c})
	}
	return checks
}

// requiredVersion skips a test on CLIs outside an example's
// required_version, which each CLI checks against its own version.
type requiredVersion struct{ version.Constraints }

func (c requiredVersion) CheckTerraformVersion(_ context.Context, req tfversion.CheckTerraformVersionRequest, resp *tfversion.CheckTerraformVersionResponse) {
	if !c.Check(req.TerraformVersion.Core()) {
		resp.Skip = fmt.Sprintf("the example requires version %s; the CLI is %s: skipping test", c.Constraints, req.TerraformVersion)
	}
}

// The registry page says which types come as an ephemeral resource and
// which as a data source only, and the list below it links each type's
// pages: both as the provider registers them.
func TestDocsSayWhichTypesAreEphemeral(t *testing.T) {
	server, err := providerserver.NewProtocol6WithError(provider.New("test")())()
	if err != nil {
		t.Fatal(err)
	}
	schema, err := server.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	ephemeral, dataOnly := keys(schema.EphemeralResourceSchemas), []string{}
	for name := range schema.DataSourceSchemas {
		if _, ok := schema.EphemeralResourceSchemas[name]; !ok {
			dataOnly = append(dataOnly, name)
		}
	}
	sort.Strings(ephemeral)
	sort.Strings(dataOnly)
	if len(ephemeral) == 0 || len(dataOnly) == 0 {
		t.Fatalf("ephemeral %v, data sources only %v: the test proves little", ephemeral, dataOnly)
	}
	typeName := regexp.MustCompile("`(liquidcommerce_[a-z_]+)`")
	for _, doc := range []string{"../../templates/index.md.tmpl", "../../docs/index.md"} {
		raw, err := os.ReadFile(doc)
		if err != nil {
			t.Fatal(err)
		}
		_, section, ok := strings.Cut(string(raw), "\n## What the provider offers\n")
		if !ok {
			t.Fatalf("%s has no section \"What the provider offers\"", doc)
		}
		intro, list, _ := strings.Cut(section, "\n- ")
		list, _, _ = strings.Cut(list, "\n## ")
		// In the introduction, the sentence that says "only" names the
		// data-source-only types; the others name the ephemeral ones.
		var both, only []string
		for _, sentence := range regexp.MustCompile(`\.\s`).Split(intro, -1) {
			for _, m := range typeName.FindAllStringSubmatch(sentence, -1) {
				if strings.Contains(sentence, "only") {
					only = append(only, m[1])
				} else {
					both = append(both, m[1])
				}
			}
		}
		sort.Strings(both)
		sort.Strings(only)
		if !slices.Equal(both, ephemeral) {
			t.Errorf("%s: the introduction names %v as coming as an ephemeral resource; the provider registers %v", doc, both, ephemeral)
		}
		if !slices.Equal(only, dataOnly) {
			t.Errorf("%s: the introduction names %v as data sources only; the provider has %v", doc, only, dataOnly)
		}
		for _, item := range strings.Split("- "+list, "\n- ") {
			m := typeName.FindStringSubmatch(item)
			if m == nil || !strings.HasPrefix(item, "- `"+m[1]+"`") {
				continue
			}
			name, short := m[1], strings.TrimPrefix(m[1], "liquidcommerce_")
			if got, want := strings.Contains(item, "(ephemeral-resources/"+short+".md)"), slices.Contains(ephemeral, name); got != want {
				t.Errorf("%s: the item of %s links an ephemeral resource page: %v; the provider registers one: %v", doc, name, got, want)
			}
			if !strings.Contains(item, "(data-sources/"+short+".md)") {
				t.Errorf("%s: the item of %s links no data source page", doc, name)
			}
		}
	}
}

// No example sends a request to a LiquidCommerce host it writes itself: a
// staging user would call production. The one place such a URL may appear
// is the provider's base_url, which is configuration, not a request target.
func TestExamplesWriteNoLiquidCommerceHost(t *testing.T) {
	host := regexp.MustCompile(`https?://[A-Za-z0-9.-]*liquidcommerce\.cloud[^\s"']*`)
	baseURL := regexp.MustCompile(`^\s*#?\s*base_url\s*=`)
	files := 0
	err := filepath.WalkDir("../../examples", func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".tf") {
			return err
		}
		files++
		raw, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(raw), "\n") {
			if url := host.FindString(line); url != "" && !baseURL.MatchString(line) {
				t.Errorf("%s:%d: %s is written into the example; take the URL from the provider (a token's base_url)", path, i+1, url)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 20 {
		t.Fatalf("%d .tf files under examples/; the test proves little", files)
	}
}

// scopedCheck finds a check block that reads a data source of its own: the
// kind that makes every plan show a change.
var scopedCheck = regexp.MustCompile(`(?m)^\s*check\s+"[^"]*"\s*\{\s*\n\s*data\s+"`)

// Every guide whose examples put a data source inside a check block says
// what that does to plan -detailed-exitcode: it exits 2 on every plan, which
// a pipeline that gates on it would read as drift.
func TestChecksGuidesNoteDetailedExitcode(t *testing.T) {
	pages, err := filepath.Glob("../../docs/guides/*.md")
	if err != nil || len(pages) == 0 {
		t.Fatalf("no guides: %v", err)
	}
	checked := 0
	for _, page := range pages {
		b, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		if !scopedCheck.Match(b) {
			continue
		}
		checked++
		if !strings.Contains(string(b), "-detailed-exitcode") {
			t.Errorf("%s has a check with a scoped data source and no word on plan -detailed-exitcode", page)
		}
	}
	if checked < 2 {
		t.Errorf("%d guides with a scoped check, want the two checks guides at least", checked)
	}
}
