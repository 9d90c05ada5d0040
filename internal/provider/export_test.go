package provider

// SetInFlight sets how many requests a read has in flight at once, and
// returns the setting it replaces: 1 reads one request after another, the
// reference the concurrent reads are held to.
func SetInFlight(n int) (was int) {
	was, inFlight = inFlight, n
	return was
}
