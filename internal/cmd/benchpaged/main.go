// Command benchpaged measures what paged reads wait on the network, for
// `make bench-paged`: it plans each read against two sandboxes that differ
// only in the latency added to every answer (0 and, by default, 100 ms),
// with one or two provider binaries (before and after a change), runs
// interleaved (each run plans every read with every binary at both
// latencies), and prints the median plan time at each latency and the
// round trips of waiting: (time at the latency - time at 0) / latency. The
// reads are orders of 1,000 and of 10,000 results, the availability of
// 200 UPCs, a search of 1,000 results, and one plan of the 1,000 orders
// and the 200 UPCs together. Absolute times hold only for the machine they
// were measured on.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"strings"
	"time"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/cmd/internal/clibench"
)

func main() {
	after := flag.String("after", "", "directory holding the provider built from the working tree")
	before := flag.String("before", "", "directory holding the provider to compare with (optional)")
	cli := flag.String("cli", "terraform", "the CLI to plan with")
	runs := flag.Int("runs", 5, "plans per read, binary and latency (the median is reported)")
	fast := flag.String("url-fast", "", "base URL of the sandbox without added latency")
	slow := flag.String("url-slow", "", "base URL of the sandbox with -latency")
	latency := flag.Duration("latency", 100*time.Millisecond, "the latency of the -url-slow sandbox")
	only := flag.String("only", "", "comma-separated names of the reads to plan (orders-1000, orders-10000, "+
		"availability-200, search-1000, orders-1000+availability-200); empty for all")
	flag.Parse()
	if *after == "" || *fast == "" || *slow == "" {
		log.Fatal("benchpaged: -after, -url-fast and -url-slow are required")
	}
	work, err := os.MkdirTemp("", "benchpaged-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(work)

	binaries := []binary{{"after", clibench.CLIConfig(work, "after", *after)}}
	if *before != "" {
		binaries = []binary{{"before", clibench.CLIConfig(work, "before", *before)}, binaries[0]}
	}
	upcs := clibench.AvailabilityHCL(clibench.SandboxUPCs(200))
	var reads []read
	for _, r := range []read{
		{name: "orders-1000", hcl: ordersHCL(1000)},
		{name: "orders-10000", hcl: ordersHCL(10000)},
		{name: "availability-200", hcl: upcs},
		{name: "search-1000", hcl: clibench.SearchHCL},
		{name: "orders-1000+availability-200", hcl: ordersHCL(1000) + upcs},
	} {
		if *only == "" || strings.Contains(","+*only+",", ","+r.name+",") {
			r.dir = clibench.Config(work, r.name, clibench.Header+r.hcl)
			reads = append(reads, r)
		}
	}
	if len(reads) == 0 {
		log.Fatalf("benchpaged: -only %q names no read", *only)
	}

	b := &bench{cli: *cli, urls: [2]string{*fast, *slow}}
	times := map[key][]time.Duration{}
	for _, r := range reads {
		for _, bin := range binaries {
			b.plan(r.dir, bin.rc, 0) // warm-up
		}
	}
	for range *runs {
		for _, r := range reads {
			for _, bin := range binaries {
				for lat := range 2 {
					k := key{r.name, bin.name, lat}
					times[k] = append(times[k], b.plan(r.dir, bin.rc, lat))
				}
			}
		}
	}

	fmt.Printf("%s, latency 0 and %v, median of %d plans each, interleaved\n", clibench.Name(*cli), *latency, *runs)
	fmt.Printf("%-30s %-7s %12s %12s %12s\n", "read", "binary", "plan at 0", "plan at "+latency.String(),
		"round trips")
	for _, r := range reads {
		for _, bin := range binaries {
			at0, at := clibench.Median(times[key{r.name, bin.name, 0}]), clibench.Median(times[key{r.name, bin.name, 1}])
			fmt.Printf("%-30s %-7s %12s %12s %12.1f\n", r.name, bin.name, at0.Round(time.Millisecond),
				at.Round(time.Millisecond), float64(at-at0)/float64(*latency))
		}
	}
}

type read struct{ name, hcl, dir string }

type binary struct{ name, rc string }

type key struct {
	read, binary string
	latency      int
}

type bench struct {
	cli  string
	urls [2]string
}

// plan plans dir with the provider of the CLI configuration rc against the
// sandbox of latency 0 (fast) or 1 (slow), and gives its wall time.
func (b *bench) plan(dir, rc string, latency int) time.Duration {
	cmd := exec.Command(b.cli, "plan", "-input=false", "-lock=false", "-no-color")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "CHECKPOINT_DISABLE=1", "TF_LOG=", "TF_LOG_PROVIDER=",
		"LIQUIDCOMMERCE_BASE_URL="+b.urls[latency])
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	if err := cmd.Run(); err != nil {
		log.Fatalf("benchpaged: %s plan in %s: %v\n%s", b.cli, dir, err, out.String())
	}
	return time.Since(start)
}

func ordersHCL(n int) string {
	return fmt.Sprintf(`data "liquidcommerce_orders" "r" {
  start_date  = "2026-11-01"
  end_date    = "2027-12-31"
  max_results = %d
}
`, n)
}
