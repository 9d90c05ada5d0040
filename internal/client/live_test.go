package client_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/client"
)

// TestLiveToken calls the real API. It runs only when LIQUIDCOMMERCE_API_KEY
// is set, against LIQUIDCOMMERCE_BASE_URL or production.
func TestLiveToken(t *testing.T) {
	key := os.Getenv("LIQUIDCOMMERCE_API_KEY")
	if key == "" {
		t.Skip("LIQUIDCOMMERCE_API_KEY is not set: skipping the test against the real API")
	}
	c, err := client.New(client.Config{APIKey: key, BaseURL: os.Getenv("LIQUIDCOMMERCE_BASE_URL"), MaxRetries: 2})
	if err != nil {
		t.Fatal(err)
	}
	tok, err := c.Token(context.Background(), client.APIKey, need(5*time.Minute))
	if err != nil {
		t.Fatalf("Token: %v", err)
	}
	if tok.Value == "" || tok.Type == "" {
		t.Errorf("empty token or type: %s", tok)
	}
	if left := tok.Remaining(time.Now()); left < 5*time.Minute || left > 366*24*time.Hour {
		t.Errorf("token valid for %s", left)
	}
	again, err := c.Token(context.Background(), client.APIKey, need(5*time.Minute))
	if err != nil || again.Value != tok.Value {
		t.Errorf("second call did not use the cache: %v", err)
	}
}
