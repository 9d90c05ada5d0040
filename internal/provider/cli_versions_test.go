package provider_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// ephemeralVersions skips a test on CLIs without ephemeral resources:
// Terraform before 1.10 and OpenTofu before 1.11. OpenTofu reports its own
// version number, so 1.10.x is told apart by the CLI's name, not the number.
var ephemeralVersions = []tfversion.TerraformVersionCheck{
	featureCheck{feature: "ephemeral resources", terraform: "1.10.0", openTofu: "1.11.0", isOpenTofu: cliIsOpenTofu},
}

// featureCheck skips a test on CLIs older than the first Terraform and the
// first OpenTofu version with a feature, saying why.
type featureCheck struct {
	feature             string
	terraform, openTofu string
	isOpenTofu          func() bool
}

func (c featureCheck) CheckTerraformVersion(_ context.Context, req tfversion.CheckTerraformVersionRequest, resp *tfversion.CheckTerraformVersionResponse) {
	name, minimum := "Terraform", c.terraform
	if c.isOpenTofu() {
		name, minimum = "OpenTofu", c.openTofu
	}
	if req.TerraformVersion.Core().LessThan(version.Must(version.NewVersion(minimum))) {
		resp.Skip = fmt.Sprintf("%s %s has no %s (%s %s or later has): skipping test", name, req.TerraformVersion, c.feature, name, minimum)
	}
}

// cliIsOpenTofu reports whether the CLI under test is OpenTofu, by its own
// version line.
var cliIsOpenTofu = sync.OnceValue(func() bool {
	path := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if path == "" {
		path = "terraform"
	}
	out, _ := exec.Command(path, "version").Output()
	return bytes.HasPrefix(bytes.TrimSpace(out), []byte("OpenTofu"))
})

func TestFeatureCheckTellsOpenTofuFromTerraform(t *testing.T) {
	cases := []struct {
		tofu     bool
		version  string
		wantSkip bool
	}{
		{false, "1.5.7", true},
		{false, "1.9.8", true},
		{false, "1.10.0", false},
		{false, "1.11.4", false},
		{true, "1.6.3", true},
		{true, "1.10.10", true},
		{true, "1.11.0-rc1", false},
		{true, "1.12.6", false},
	}
	for _, tc := range cases {
		check := featureCheck{feature: "ephemeral resources", terraform: "1.10.0", openTofu: "1.11.0", isOpenTofu: func() bool { return tc.tofu }}
		var resp tfversion.CheckTerraformVersionResponse
		check.CheckTerraformVersion(context.Background(), tfversion.CheckTerraformVersionRequest{TerraformVersion: version.Must(version.NewVersion(tc.version))}, &resp)
		if got := resp.Skip != ""; got != tc.wantSkip {
			t.Errorf("OpenTofu=%v %s: skip %q, want skip %v", tc.tofu, tc.version, resp.Skip, tc.wantSkip)
		}
	}
}

// The table of versions tested, in README.md and on the provider's registry
// page, lists every CLI `make test` runs: each line of .ci/cli-versions, and
// the Terraform 1.10 or later taken from PATH. It reads files only, so it
// holds whatever CLI a machine has.
func TestVersionTablesListEveryCLI(t *testing.T) {
	raw, err := os.ReadFile("../../.ci/cli-versions")
	if err != nil {
		t.Fatal(err)
	}
	rows := []string{"| Terraform 1.10 or later, from `PATH` |"}
	for _, line := range strings.Split(string(raw), "\n") {
		fields := strings.Fields(line)
		if len(fields) != 2 || strings.HasPrefix(line, "#") {
			continue
		}
		name := map[string]string{"terraform": "Terraform", "opentofu": "OpenTofu"}[fields[0]]
		if name == "" {
			t.Fatalf(".ci/cli-versions: unknown CLI kind %q", fields[0])
		}
		rows = append(rows, "| "+name+" "+fields[1]+" |")
	}
	if len(rows) < 5 {
		t.Fatalf(".ci/cli-versions lists %d CLIs; the check proves little", len(rows)-1)
	}
	for _, doc := range []string{"../../README.md", "../../templates/index.md.tmpl", "../../docs/index.md"} {
		text, err := os.ReadFile(doc)
		if err != nil {
			t.Fatal(err)
		}
		for _, row := range rows {
			if !strings.Contains(string(text), "\n"+row) {
				t.Errorf("%s: the table of versions tested has no row starting %q", doc, row)
			}
		}
	}
}
