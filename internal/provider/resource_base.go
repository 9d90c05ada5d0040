package provider

// The seam for a type that calls the API: its constructor takes the
// provider and embeds typeBase; it writes its attributes once, in the data
// source package's types (ephemeralSchema gives the ephemeral variant's),
// gets its client from typeBase.providerData().apiClient and reports errors
// with addClientError. Registering it is one line in provider.go.

// typeBase gives a data source or an ephemeral resource its provider's
// configuration. The provider hands itself over when the framework makes
// the type, so the framework calls no Configure of the type, and logs none,
// on every request of every instance: in a plan of many instances that
// cost more than the type's own work.
type typeBase struct {
	provider *liquidCommerceProvider
}

// providerData is what the provider's Configure made of its configuration,
// nil before it ran.
func (b typeBase) providerData() *providerData { return b.provider.data.Load() }

// bind turns constructors that take the provider into the framework's.
func bind[T any](p *liquidCommerceProvider, constructors ...func(*liquidCommerceProvider) T) []func() T {
	out := make([]func() T, len(constructors))
	for i, newType := range constructors {
		out[i] = func() T { return newType(p) }
	}
	return out
}
