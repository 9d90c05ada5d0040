// Package clibench holds what the plan, token-cache, typed-read and
// paged-read benchmarks (internal/cmd/benchplan, benchcache, benchtyped,
// benchpaged) share: a CLI configuration that installs a locally built
// provider, a configuration's directory, the CLI's name, the median of a
// run's timings, the sandbox's UPCs and the catalog reads' configurations.
package clibench

import (
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// CLIConfig writes a CLI configuration named name in work, in which dir
// stands in for the registry's provider under both hosts a short source
// resolves to, and returns its path.
func CLIConfig(work, name, dir string) string {
	path := filepath.Join(work, name+".tfrc")
	rc := fmt.Sprintf(`provider_installation {
  dev_overrides {
    "registry.terraform.io/liquidcommerce/liquidcommerce" = %q
    "registry.opentofu.org/liquidcommerce/liquidcommerce" = %q
  }
  direct {}
}
disable_checkpoint = true
`, dir, dir)
	if err := os.WriteFile(path, []byte(rc), 0o644); err != nil {
		log.Fatal(err)
	}
	return path
}

// Name is the CLI's version line, such as "Terraform v1.11.4", or its file
// name when it prints none.
func Name(cli string) string {
	cmd := exec.Command(cli, "version")
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE=/dev/null", "CHECKPOINT_DISABLE=1")
	out, _ := cmd.Output()
	for _, line := range strings.Split(string(out), "\n") {
		if strings.HasPrefix(line, "Terraform v") || strings.HasPrefix(line, "OpenTofu v") {
			return line
		}
	}
	return filepath.Base(cli)
}

// Median is the middle of ds (the upper one of an even count).
func Median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

// Header is a configuration's terraform block and a provider block that
// leaves every setting to the environment.
const Header = `terraform {
  required_providers {
    liquidcommerce = {
      source = "liquidcommerce/liquidcommerce"
    }
  }
}

provider "liquidcommerce" {}
`

// Config writes hcl as the main.tf of the directory name in work, made
// for it, and returns the directory.
func Config(work, name, hcl string) string {
	dir := filepath.Join(work, name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(hcl), 0o644); err != nil {
		log.Fatal(err)
	}
	return dir
}

// AvailabilityHCL is a liquidcommerce_catalog_availability data source "r"
// of upcs near an address.
func AvailabilityHCL(upcs []string) string {
	q := make([]string, len(upcs))
	for i, u := range upcs {
		q[i] = fmt.Sprintf("%q", u)
	}
	return fmt.Sprintf(`data "liquidcommerce_catalog_availability" "r" {
  upcs = [%s]
  location = {
    address = { one = "100 Main St", city = "Albany", state = "NY", zip = "12207" }
  }
}
`, strings.Join(q, ", "))
}

// SearchHCL is a liquidcommerce_catalog_search data source "r" of the
// catalog's first 1,000 products.
const SearchHCL = `data "liquidcommerce_catalog_search" "r" {
  max_results = 1000
}
`
