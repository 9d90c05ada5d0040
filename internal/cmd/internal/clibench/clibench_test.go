package clibench

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestMedian(t *testing.T) {
	ds := []time.Duration{5, 1, 4, 2, 3}
	if got := Median(ds); got != 3 {
		t.Errorf("Median = %v, want 3", got)
	}
	if ds[0] != 5 {
		t.Errorf("Median sorted its argument: %v", ds)
	}
}

// A configuration is written to its own directory, as given.
func TestConfig(t *testing.T) {
	work := t.TempDir()
	dir := Config(work, "reads", Header+"# one read\n")
	got, err := os.ReadFile(filepath.Join(dir, "main.tf"))
	if err != nil || string(got) != Header+"# one read\n" || filepath.Dir(dir) != work {
		t.Errorf("Config wrote %q in %s (%v)", got, dir, err)
	}
}
