package provider

import (
	"math/big"
	"strconv"
	"strings"
)

// maxMagnitude and maxDigits bound the numbers the provider reads from an
// answer: from 1e-1000 to 1e1000 in magnitude, and zero, written in at most
// 1,100 digits. Within them a number costs at most a millisecond or so to
// read, and to write for Terraform; far beyond them, one number in an
// answer would stall the plugin for minutes (1e-100000, or a million
// digits, whose reading grows with the square of their count) or fill its
// memory (1e600000000), and past about 1e646456992 it is no Terraform
// number at all.
const (
	maxMagnitude = 1000
	maxDigits    = 1100
)

// readNumber reads a JSON number at Terraform's precision (512 bits). It
// is false for text that is no JSON number and for numbers beyond
// maxMagnitude or maxDigits, which it tells from the text alone, before any
// arithmetic.
func readNumber(s string) (*big.Float, bool) {
	mant, exp, hasExp := strings.Cut(strings.ReplaceAll(s, "E", "e"), "e")
	intPart, frac, hasFrac := strings.Cut(strings.TrimPrefix(mant, "-"), ".")
	if !digits(intPart) || hasFrac && !digits(frac) || len(intPart) > 1 && intPart[0] == '0' ||
		hasExp && !digits(strings.TrimLeft(exp, "+-")) || len(exp) > 1 && strings.ContainsAny(exp[1:], "+-") {
		return nil, false
	}
	all := intPart + frac
	if len(all) > maxDigits {
		return nil, false
	}
	first := strings.IndexFunc(all, func(r rune) bool { return r != '0' })
	if first < 0 {
		return new(big.Float).SetPrec(512), true
	}
	// The number is d.… × 10^magnitude, d its first significant digit.
	e10 := 0
	if hasExp {
		e := strings.TrimLeft(strings.TrimLeft(exp, "+-"), "0")
		if len(e) > 9 {
			return nil, false
		}
		e10, _ = strconv.Atoi(e)
		if strings.HasPrefix(exp, "-") {
			e10 = -e10
		}
	}
	if magnitude := len(intPart) - first - 1 + e10; magnitude > maxMagnitude || magnitude < -maxMagnitude {
		return nil, false
	}
	f, _, err := big.ParseFloat(s, 10, 512, big.ToNearestEven)
	return f, err == nil
}

// digits is true for a non-empty run of ASCII digits.
func digits(s string) bool {
	return s != "" && strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' }) < 0
}
