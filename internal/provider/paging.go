package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// descComplete describes the `complete` attribute of a paged read.
const descComplete = "Whether the read got everything it was asked for: `false` when it stopped with fewer results " +
	"than both the `total` the API reported and `max_results` (an empty page, a page with nothing new, or no way " +
	"to the next page), which it also says in a warning; `true` otherwise, and when the API reports no total. " +
	"A `check` or a `postcondition` can require it."

// completeness says whether a paged read is complete, and warns when it
// is not: it read fewer results than both the total the API reported and
// the limit (max_results), and stopped for the reason why gives (such as
// "page 4 was empty"). what names the read and results ("liquidcommerce_orders
// read", "orders"). A read with no reported total is complete.
func completeness(what, results string, read, limit int, total types.Int64, why string,
	diags *diag.Diagnostics) types.Bool {
	if total.IsNull() || total.IsUnknown() || int64(read) >= total.ValueInt64() || read >= limit {
		return types.BoolValue(true)
	}
	diags.AddWarning("Incomplete Read From LiquidCommerce API", fmt.Sprintf("The %s got %d of the %d %s the "+
		"API reports, and stopped because %s. Its `complete` attribute is false. Reading again later may get "+
		"them all; a `check` on `complete` makes this a condition you see in every plan.", what, read,
		total.ValueInt64(), results, why))
	return types.BoolValue(false)
}
