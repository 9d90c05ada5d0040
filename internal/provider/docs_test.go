package provider_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A template field that does not exist renders as "<no value>", which
// tfplugindocs leaves in the page without complaint.
func TestGeneratedDocsHaveNoEmptyPlaceholders(t *testing.T) {
	pages := 0
	err := filepath.WalkDir("../../docs", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".md") {
			return err
		}
		pages++
		text, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(text), "\n") {
			if strings.Contains(line, "<no value>") {
				t.Errorf("%s:%d: a template placeholder rendered empty: %s", path, i+1, line)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if pages < 5 {
		t.Fatalf("%d pages under docs/; the check proves little", pages)
	}
}

// Every environment variable the provider reads is in the provider block's
// tables of README.md and the registry page, and so is the rule that an
// empty value counts as unset.
func TestDocsListEveryEnvironmentVariable(t *testing.T) {
	for _, doc := range []string{"../../README.md", "../../templates/index.md.tmpl", "../../docs/index.md"} {
		raw, err := os.ReadFile(doc)
		if err != nil {
			t.Fatal(err)
		}
		text := string(raw)
		for _, env := range providerEnv {
			if !strings.Contains(text, "| `"+env+"` |") {
				t.Errorf("%s: no table row names `%s`", doc, env)
			}
		}
		if !strings.Contains(text, "counts as unset") {
			t.Errorf("%s does not say that an empty value counts as unset", doc)
		}
	}
}
