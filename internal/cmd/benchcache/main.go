// Command benchcache measures what the token cache shared by the provider
// processes of one machine (token_cache_dir, LIQUIDCOMMERCE_TOKEN_CACHE_DIR)
// saves, for `make bench-cache`: for each CLI, the logins and the median
// wall time of
//
//   - an `apply -auto-approve` of a configuration of data sources only (a
//     token and an api_request read), and of the same with an ephemeral
//     token that a terraform_data provisioner receives at apply, so that the
//     apply's own provider process calls the API too;
//   - twenty `plan`s started at once in twenty directories;
//
// each without the cache, with a new (empty) cache directory per run, and
// with a warm one that holds a token from an earlier run. Modes alternate
// within each round, so that drift in the machine's speed falls on all
// alike. It counts logins from the sandbox API's log. Absolute times hold
// only for the machine they were measured on.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/cmd/internal/clibench"
)

func main() {
	providerDir := flag.String("provider", "", "directory holding the built terraform-provider-liquidcommerce")
	clis := flag.String("clis", "", "comma-separated CLI paths")
	sandboxLog := flag.String("sandbox-log", "", "the sandbox API's log, to count logins")
	runs := flag.Int("runs", 9, "applies per configuration and mode (the median is reported)")
	batches := flag.Int("batches", 5, "batches of concurrent plans per mode (the median is reported)")
	plans := flag.Int("plans", 20, "plans started at once in a batch, each in its own directory")
	flag.Parse()
	if *providerDir == "" || *clis == "" || *sandboxLog == "" {
		log.Fatal("benchcache: -provider, -clis and -sandbox-log are required")
	}
	work, err := os.MkdirTemp("", "benchcache-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(work)
	b := &bench{work: work, sandboxLog: *sandboxLog, rc: clibench.CLIConfig(work, "cli", *providerDir)}

	fmt.Printf("%-18s %-34s %-12s %10s %10s %16s\n", "CLI", "workload", "cache", "wall", "CPU", "logins per run")
	for i, cli := range strings.Split(*clis, ",") {
		name := clibench.Name(cli)
		for _, w := range []workload{
			{name: "apply, data sources", runs: *runs, hcl: dataConfig, apply: true},
			{name: "apply, + ephemeral token at apply", runs: *runs, hcl: dataConfig + ephemeralConsumer, apply: true},
			{name: fmt.Sprintf("%d plans at once", *plans), runs: *batches, hcl: dataConfig, parallel: *plans},
		} {
			for _, r := range b.measure(cli, fmt.Sprintf("cli%d", i), w) {
				fmt.Printf("%-18s %-34s %-12s %10s %10s %16s\n", name, w.name, r.mode,
					round(r.wall), round(r.cpu), formatCounts(r.logins))
			}
		}
	}
}

type bench struct {
	work, sandboxLog, rc string
	// seq names the directories made, so that none is used twice.
	seq int
}

// workload is one thing to time: an apply of hcl, or parallel plans of it,
// in new directories.
type workload struct {
	name     string
	runs     int
	hcl      string
	apply    bool
	parallel int
}

// mode is how the cache is set for a run.
type mode string

const (
	off  mode = "off"
	cold mode = "on, empty"
	warm mode = "on, warm"
)

var modes = []mode{off, cold, warm}

type result struct {
	mode      mode
	wall, cpu time.Duration
	logins    []int
}

// measure runs w once in each mode to warm the CLI's and the OS's caches
// (and the warm cache), then w.runs rounds of all modes, rotating which
// goes first.
func (b *bench) measure(cli, tag string, w workload) []result {
	warmDir := b.dir(tag + "-warm-cache")
	for _, m := range modes {
		b.run(cli, w, b.cacheDir(m, tag, warmDir))
	}
	walls, cpus := map[mode][]time.Duration{}, map[mode][]time.Duration{}
	logins := map[mode][]int{}
	for i := range w.runs {
		for _, m := range rotate(modes, i) {
			before := b.logins()
			wall, cpu := b.run(cli, w, b.cacheDir(m, tag, warmDir))
			logins[m] = append(logins[m], b.logins()-before)
			walls[m], cpus[m] = append(walls[m], wall), append(cpus[m], cpu)
		}
	}
	var out []result
	for _, m := range modes {
		out = append(out, result{mode: m, wall: clibench.Median(walls[m]), cpu: clibench.Median(cpus[m]), logins: logins[m]})
	}
	return out
}

// cacheDir is the token cache directory for a run in mode m: none, a new
// one, or the warm one.
func (b *bench) cacheDir(m mode, tag, warmDir string) string {
	switch m {
	case cold:
		return filepath.Join(b.dir(tag+"-cache"), "tokens")
	case warm:
		return warmDir
	}
	return ""
}

// run applies w's configuration, or plans it in w.parallel directories at
// once, in new directories: an apply starts from no state. It returns the
// wall time and the CPU time of the CLIs and their provider processes.
func (b *bench) run(cli string, w workload, cacheDir string) (wall, cpu time.Duration) {
	args := []string{"plan", "-input=false", "-no-color"}
	n := max(w.parallel, 1)
	if w.apply {
		args = []string{"apply", "-auto-approve", "-input=false", "-no-color"}
	}
	cmds := make([]*exec.Cmd, n)
	outs := make([]bytes.Buffer, n)
	env := childEnv(os.Environ(), b.rc, cacheDir)
	for i := range cmds {
		dir := b.dir("run")
		if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(w.hcl), 0o644); err != nil {
			log.Fatal(err)
		}
		cmds[i] = exec.Command(cli, args...)
		cmds[i].Dir, cmds[i].Env = dir, env
		cmds[i].Stdout, cmds[i].Stderr = &outs[i], &outs[i]
	}
	errs := make([]error, n)
	var wg sync.WaitGroup
	start := time.Now()
	for i, cmd := range cmds {
		wg.Go(func() { errs[i] = cmd.Run() })
	}
	wg.Wait()
	wall = time.Since(start)
	for i, cmd := range cmds {
		if errs[i] != nil {
			log.Fatalf("benchcache: %s %s in %s: %v\n%s", cli, args[0], cmd.Dir, errs[i], outs[i].String())
		}
		// The CLI waits for its provider processes, so its usage holds theirs.
		cpu += cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	return wall, cpu
}

// dir makes a new directory under the work directory.
func (b *bench) dir(name string) string {
	b.seq++
	dir := filepath.Join(b.work, fmt.Sprintf("%s-%d", name, b.seq))
	if err := os.MkdirAll(dir, 0o700); err != nil {
		log.Fatal(err)
	}
	return dir
}

// logins reads the sandbox log. The sandbox logs a call before its answer
// is complete, so a run's logins are all there when the run ends.
func (b *bench) logins() int {
	raw, err := os.ReadFile(b.sandboxLog)
	if err != nil {
		log.Fatal(err)
	}
	return countLogins(string(raw))
}

// countLogins counts the API-key logins in the sandbox's log.
func countLogins(text string) int {
	return strings.Count(text, "sandbox: GET /authentication -> ")
}

// childEnv is env for a CLI run: the CLI configuration rc, no checkpoint,
// no logging, and the token cache in cacheDir, or none when it is empty,
// whatever env held.
func childEnv(env []string, rc, cacheDir string) []string {
	out := slices.DeleteFunc(slices.Clone(env), func(kv string) bool {
		name, _, _ := strings.Cut(kv, "=")
		return slices.Contains([]string{"LIQUIDCOMMERCE_TOKEN_CACHE_DIR", "TF_CLI_CONFIG_FILE", "TF_LOG",
			"TF_LOG_PROVIDER", "TF_DATA_DIR", "CHECKPOINT_DISABLE"}, name)
	})
	out = append(out, "TF_CLI_CONFIG_FILE="+rc, "CHECKPOINT_DISABLE=1")
	if cacheDir != "" {
		out = append(out, "LIQUIDCOMMERCE_TOKEN_CACHE_DIR="+cacheDir)
	}
	return out
}

// dataConfig reads a token and makes one API request, with the provider
// configured from the environment (the sandbox's key and URL).
const dataConfig = `terraform {
  required_providers {
    liquidcommerce = {
      source = "registry.terraform.io/liquidcommerce/liquidcommerce"
    }
  }
}

provider "liquidcommerce" {}

data "liquidcommerce_access_token" "t" {}

data "liquidcommerce_api_request" "search" {
  path   = "/catalog/search"
  method = "POST"
  body   = jsonencode({ search = "gin" })
}
`

// ephemeralConsumer adds a consumer that receives an ephemeral token at
// apply, as the quick start's does: ephemeral resources are opened in the
// plan and again in the apply, by its own provider process.
const ephemeralConsumer = `
ephemeral "liquidcommerce_access_token" "e" {}

resource "terraform_data" "consumer" {
  provisioner "local-exec" {
    command     = "test -n \"$TOKEN\""
    environment = { TOKEN = ephemeral.liquidcommerce_access_token.e.token }
  }
}
`

// rotate is ms starting at its i-th element (modulo its length).
func rotate[T any](ms []T, i int) []T {
	i %= len(ms)
	return append(slices.Clone(ms[i:]), ms[:i]...)
}

// formatCounts is the count of every run when they agree, else their range.
func formatCounts(ns []int) string {
	lo, hi := slices.Min(ns), slices.Max(ns)
	if lo == hi {
		return fmt.Sprint(lo)
	}
	return fmt.Sprintf("%d to %d", lo, hi)
}

func round(d time.Duration) time.Duration {
	if d >= time.Second {
		return d.Round(10 * time.Millisecond)
	}
	return d.Round(time.Millisecond)
}
