// Command benchplan measures what a plan costs with this provider against
// the constant provider fixture of the same wire schema (internal/cmd/
// constprovider), for `make bench-plan`. For each CLI and each N it plans a
// configuration of N ephemeral and N data-source access tokens with both
// providers, interleaved, several times, and prints the medians, their
// ratio, and the logins and the most connections the sandbox saw in one
// plan. It then plans N liquidcommerce_api_request reads and prints the
// logins, calls and connections per plan and the time per request.
// Absolute times hold only for the machine they were measured on.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/cmd/internal/clibench"
)

func main() {
	realDir := flag.String("provider", "", "directory holding the built terraform-provider-liquidcommerce")
	constDir := flag.String("constant", "", "directory holding the constant provider, built under the same name")
	clis := flag.String("clis", "", "comma-separated CLI paths")
	counts := flag.String("n", "1,10,100,1000", "comma-separated instance counts")
	runs := flag.Int("runs", 7, "plans per provider and N (the median is reported)")
	sandboxLog := flag.String("sandbox-log", "", "the sandbox API's log, to count logins, calls and connections")
	requests := flag.Int("requests", 100, "liquidcommerce_api_request reads in the request benchmark; 0 skips it")
	flag.Parse()
	if *realDir == "" || *constDir == "" || *clis == "" {
		log.Fatal("benchplan: -provider, -constant and -clis are required")
	}
	work, err := os.MkdirTemp("", "benchplan-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(work)
	b := &bench{work: work, runs: *runs, sandboxLog: *sandboxLog,
		rc: map[string]string{"provider": clibench.CLIConfig(work, "provider", *realDir),
			"constant": clibench.CLIConfig(work, "constant", *constDir)}}

	fmt.Printf("%-20s %6s %12s %12s %8s %10s %12s %15s\n",
		"CLI", "N", "provider", "constant", "ratio", "CPU ratio", "logins/plan", "max conns/plan")
	for _, cli := range strings.Split(*clis, ",") {
		name := clibench.Name(cli)
		for _, s := range strings.Split(*counts, ",") {
			n, err := strconv.Atoi(s)
			if err != nil {
				log.Fatalf("benchplan: -n: %v", err)
			}
			dir := clibench.Config(b.work, fmt.Sprintf("tokens-%d", n), tokenConfig(n))
			r := b.compare(cli, dir)
			fmt.Printf("%-20s %6d %12s %12s %7.2fx %9.2fx %12.1f %15d\n", name, n,
				round(r.real.wall), round(r.constant.wall), ratio(r.real.wall, r.constant.wall),
				ratio(r.real.cpu, r.constant.cpu), r.loginsPerPlan, slices.Max(r.conns))
		}
		if *requests > 0 {
			dir := clibench.Config(b.work, "requests", requestConfig(*requests))
			r := b.compare(cli, dir)
			fmt.Printf("%-20s %d api_request reads: %.1f logins, %.1f calls and %d to %d connections per plan "+
				"(%.2fx, CPU %.2fx), %s per request over the constant provider\n",
				name, *requests, r.loginsPerPlan, r.callsPerPlan, slices.Min(r.conns), slices.Max(r.conns),
				ratio(r.real.wall, r.constant.wall), ratio(r.real.cpu, r.constant.cpu),
				round((r.real.wall-r.constant.wall)/time.Duration(*requests)))
		}
	}
}

type bench struct {
	work, sandboxLog string
	runs             int
	rc               map[string]string
}

// cost is the median wall time of a plan, and the median CPU time of the
// CLI and its provider processes, which machine noise disturbs less.
type cost struct{ wall, cpu time.Duration }

type result struct {
	real, constant              cost
	loginsPerPlan, callsPerPlan float64
	// conns holds the connections the sandbox accepted during each plan
	// with this provider.
	conns []int
}

// tally is what the sandbox log holds so far.
type tally struct{ logins, calls, conns int }

func ratio(a, b time.Duration) float64 { return float64(a) / float64(b) }

// compare plans dir with both providers, alternating which goes first so
// that drift in the machine's speed falls on both alike.
func (b *bench) compare(cli, dir string) result {
	b.plan(cli, dir, "provider") // warm the CLI's and the OS's caches
	b.plan(cli, dir, "constant")
	var real, constant []cost
	var r result
	var logins, calls int
	for i := range b.runs {
		order := []string{"provider", "constant"}
		if i%2 == 1 {
			slices.Reverse(order)
		}
		for _, p := range order {
			if p == "constant" {
				constant = append(constant, b.plan(cli, dir, p))
				continue
			}
			before := b.count()
			real = append(real, b.plan(cli, dir, p))
			after := b.count()
			logins, calls = logins+after.logins-before.logins, calls+after.calls-before.calls
			r.conns = append(r.conns, after.conns-before.conns)
		}
	}
	r.real, r.constant = medianCost(real), medianCost(constant)
	r.loginsPerPlan, r.callsPerPlan = float64(logins)/float64(b.runs), float64(calls)/float64(b.runs)
	return r
}

func (b *bench) plan(cli, dir, provider string) cost {
	cmd := exec.Command(cli, "plan", "-input=false", "-lock=false", "-no-color")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+b.rc[provider], "CHECKPOINT_DISABLE=1", "TF_LOG=", "TF_LOG_PROVIDER=")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	if err := cmd.Run(); err != nil {
		log.Fatalf("benchplan: %s plan with the %s in %s: %v\n%s", cli, provider, dir, err, out.String())
	}
	// The CLI waits for its provider processes, so its usage holds theirs.
	return cost{wall: time.Since(start), cpu: cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()}
}

// count reads the sandbox log: logins, other API calls, and the
// connections accepted. The sandbox logs a connection when it accepts it,
// and a call before its answer is complete, so a plan's lines are all there
// when the plan ends.
func (b *bench) count() tally {
	if b.sandboxLog == "" {
		return tally{}
	}
	raw, err := os.ReadFile(b.sandboxLog)
	if err != nil {
		log.Fatal(err)
	}
	return countLog(string(raw))
}

func countLog(text string) tally {
	var t tally
	for _, line := range strings.Split(text, "\n") {
		switch {
		case strings.Contains(line, "authentication ->"):
			t.logins++
		case strings.Contains(line, " -> "):
			t.calls++
		case strings.Contains(line, "sandbox: connection "):
			t.conns++
		}
	}
	return t
}

// tokenConfig is N ephemeral and N data-source access tokens; a local uses
// every ephemeral one, so each is opened.
func tokenConfig(n int) string {
	return clibench.Header + fmt.Sprintf(`
ephemeral "liquidcommerce_access_token" "t" {
  count = %d
}

data "liquidcommerce_access_token" "t" {
  count = %d
}

locals {
  opened = length([for t in ephemeral.liquidcommerce_access_token.t : t.type])
}
`, n, n)
}

func requestConfig(n int) string {
	return clibench.Header + fmt.Sprintf(`
data "liquidcommerce_api_request" "search" {
  count  = %d
  path   = "/catalog/search"
  method = "POST"
  body   = jsonencode({ search = "gin" })
}
`, n)
}

func medianCost(cs []cost) cost {
	wall, cpu := make([]time.Duration, len(cs)), make([]time.Duration, len(cs))
	for i, c := range cs {
		wall[i], cpu[i] = c.wall, c.cpu
	}
	return cost{wall: clibench.Median(wall), cpu: clibench.Median(cpu)}
}

func round(d time.Duration) time.Duration { return d.Round(100 * time.Microsecond) }
