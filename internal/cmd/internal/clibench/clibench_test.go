package clibench

import (
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
