package client

// Seam is the one way tests change what production leaves at its
// defaults: the clock, the transport, the backoff and the refresh window.
type Seam = tuning

// NewWithSeam builds a Client as New does, with s in place of the defaults.
func NewWithSeam(cfg Config, s Seam) (*Client, error) { return newClient(cfg, s) }
