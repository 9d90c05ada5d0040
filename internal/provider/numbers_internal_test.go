package provider

import (
	"encoding/json"
	"math/big"
	"testing"
)

// readNumber takes JSON numbers from 1e-1000 to 1e1000 in magnitude, and
// zero however written, and tells the others from their text at once.
func TestReadNumber(t *testing.T) {
	for s, want := range map[string]string{
		"0": "0", "-0": "0", "0e9999999999": "0", "0.000e-99999999999": "0", "12": "12", "-1.5": "-1.5",
		"1e1000": "1e1000", "9.99e1000": "9.99e1000", "1e-1000": "1e-1000", "0.00001e-995": "1e-1000",
		"123456789012345678901234567890": "123456789012345678901234567890", "1E+3": "1000",
		"1e1001": "", "10e1000": "", "1e-1001": "", "0.0001e-998": "", "1e9999999999": "", "1e600000000": "",
		"-1e-150000": "", "1e99999999999999999999": "",
		"": "", "-": "", "01": "", "1.": "", ".5": "", "+1": "", "1e": "", "1e+-3": "", "Inf": "", "NaN": "",
		"0x10": "", "1_000": "", " 1": "",
	} {
		got, ok := readNumber(s)
		if want == "" {
			if ok {
				t.Errorf("readNumber(%q) = %v, want it refused", s, got)
			}
			continue
		}
		w, _, _ := big.ParseFloat(want, 10, 512, big.ToNearestEven)
		if !ok || got.Cmp(w) != 0 {
			t.Errorf("readNumber(%q) = %v, %v; want %s", s, got, ok, want)
		}
	}
}

// A typed read's number beyond the provider's range is absent, as any value
// of no use is, rather than a value that would stall the plugin.
func TestWireNumberBeyondRangeIsAbsent(t *testing.T) {
	for raw, present := range map[string]bool{
		`1e600000000`: false, `"1e600000000"`: false, `-1e-150000`: false, `1e1000`: true, `"12.5"`: true, `12`: true,
	} {
		var x num
		if err := json.Unmarshal([]byte(raw), &x); err != nil {
			t.Fatal(err)
		}
		if (x.n != nil) != present {
			t.Errorf("%s: read %v, want present %v", raw, x.n, present)
		}
	}
}
