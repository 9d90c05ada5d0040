// Command benchtyped measures what the typed reads cost, for `make
// bench-typed`: for each read it plans a configuration of that one data
// source (after a warm-up) several times and prints the median wall time,
// the API calls the sandbox logged per plan, and the size of the state an
// apply of it writes. The reads are a list of orders (100, and every order
// of November), an availability read of 20 UPCs near an address, and a
// search of the whole catalog. The UPCs are the first 20 a search of the
// sandbox answers. Absolute times hold only for the machine they were
// measured on.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/cmd/internal/clibench"
)

func main() {
	providerDir := flag.String("provider", "", "directory holding the built terraform-provider-liquidcommerce")
	cli := flag.String("cli", "terraform", "the CLI to plan with")
	runs := flag.Int("runs", 7, "plans per read (the median is reported)")
	sandboxLog := flag.String("sandbox-log", "", "the sandbox API's log, to count calls")
	flag.Parse()
	if *providerDir == "" || *sandboxLog == "" {
		log.Fatal("benchtyped: -provider and -sandbox-log are required")
	}
	work, err := os.MkdirTemp("", "benchtyped-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(work)
	b := &bench{work: work, cli: *cli, runs: *runs, sandboxLog: *sandboxLog,
		rc: clibench.CLIConfig(work, "provider", *providerDir)}
	upcs := clibench.SandboxUPCs(20)

	fmt.Printf("%s, %d plans per read\n", clibench.Name(*cli), *runs)
	fmt.Printf("%-52s %8s %10s %12s %12s\n", "read", "results", "calls", "plan (median)", "state bytes")
	for _, r := range []struct{ name, hcl, count string }{
		{"none (empty plan)", "", "0"},
		{"liquidcommerce_orders, max_results = 100", ordersHCL("max_results = 100"),
			"length(data.liquidcommerce_orders.r.orders)"},
		{"liquidcommerce_orders, default max_results", ordersHCL(""), "length(data.liquidcommerce_orders.r.orders)"},
		{"liquidcommerce_catalog_availability, 20 UPCs", clibench.AvailabilityHCL(upcs),
			"length(data.liquidcommerce_catalog_availability.r.offers)"},
		{"liquidcommerce_catalog_search, whole catalog", clibench.SearchHCL,
			"length(data.liquidcommerce_catalog_search.r.products)"},
	} {
		dir := b.config(r.name, r.hcl+"\noutput \"n\" {\n  value = "+r.count+"\n}\n")
		wall, calls := b.plans(dir)
		size, n := b.apply(dir)
		fmt.Printf("%-52s %8s %10.1f %12s %12d\n", r.name, n, calls, wall.Round(time.Millisecond), size)
	}
}

type bench struct {
	work, cli, rc, sandboxLog string
	runs                      int
}

func ordersHCL(extra string) string {
	return fmt.Sprintf(`data "liquidcommerce_orders" "r" {
  start_date = "2026-11-01"
  end_date   = "2026-11-30"
  %s
}
`, extra)
}

// config writes the configuration of one read into a directory named
// after it.
func (b *bench) config(name, hcl string) string {
	return clibench.Config(b.work, strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			return r
		}
		return '-'
	}, name), clibench.Header+hcl)
}

// plans runs one warm-up plan and then b.runs plans, and gives their
// median time and the API calls (logins left out) per plan.
func (b *bench) plans(dir string) (time.Duration, float64) {
	b.run(dir, "plan")
	var times []time.Duration
	before := b.calls()
	for range b.runs {
		start := time.Now()
		b.run(dir, "plan")
		times = append(times, time.Since(start))
	}
	return clibench.Median(times), float64(b.calls()-before) / float64(b.runs)
}

// apply applies dir and gives the size of the state it wrote and the
// output n.
func (b *bench) apply(dir string) (int, string) {
	b.run(dir, "apply", "-auto-approve")
	st, err := os.ReadFile(filepath.Join(dir, "terraform.tfstate"))
	if err != nil {
		log.Fatal(err)
	}
	n := strings.TrimSpace(b.run(dir, "output", "-raw", "n"))
	return len(st), n
}

func (b *bench) run(dir string, args ...string) string {
	if args[0] != "output" {
		args = append(args, "-input=false", "-lock=false", "-no-color")
	}
	cmd := exec.Command(b.cli, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+b.rc, "CHECKPOINT_DISABLE=1", "TF_LOG=", "TF_LOG_PROVIDER=")
	var out, errs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errs
	if err := cmd.Run(); err != nil {
		log.Fatalf("benchtyped: %s %s in %s: %v\n%s%s", b.cli, args[0], dir, err, out.String(), errs.String())
	}
	return out.String()
}

// calls counts the API calls other than logins in the sandbox's log.
func (b *bench) calls() int {
	raw, err := os.ReadFile(b.sandboxLog)
	if err != nil {
		log.Fatal(err)
	}
	n := 0
	for _, line := range strings.Split(string(raw), "\n") {
		if strings.Contains(line, " -> ") && !strings.Contains(line, "authentication ->") {
			n++
		}
	}
	return n
}
