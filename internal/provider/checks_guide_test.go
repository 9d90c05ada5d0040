package provider_test

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-testing/statecheck"
)

// inStock holds when the check's condition would: an offer of the UPC in
// stock, in the scoped data source as the state has it.
type inStock struct{ address, upc string }

func (c inStock) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	vals, err := resourceValues(req.State, c.address)
	if err != nil {
		resp.Error = err
		return
	}
	offers, _ := vals["offers"].([]any)
	for _, o := range offers {
		if m, _ := o.(map[string]any); m["upc"] == c.upc && m["in_stock"] == true {
			return
		}
	}
	resp.Error = fmt.Errorf("no offer of %s in stock among %d offers", c.upc, len(offers))
}
