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
