# Runs with `terraform test` (1.7+) and `tofu test` (1.8+), offline. A mock
# provider would fill `orders` with random values; each run gives the
# orders the module reads, every attribute of each.
mock_provider "liquidcommerce" {}

variables {
  start_date = "2026-11-01"
  end_date   = "2026-11-30"
}

run "lists_the_orders_still_processing" {
  command = plan

  override_data {
    target = data.liquidcommerce_orders.range
    values = {
      total = 3
      orders = [
        { reference_id = "LC-1001", legacy_order_number = "R1001", created_at = "2026-11-02T10:15:00Z", updated_at = "2026-11-02T10:15:00Z", status = "processing", fulfillment_statuses = ["processing"], total = 6048 },
        { reference_id = "LC-1002", legacy_order_number = "R1002", created_at = "2026-11-14T08:30:00Z", updated_at = "2026-11-14T08:30:00Z", status = "delivered", fulfillment_statuses = ["delivered"], total = 14135 },
        { reference_id = "LC-1003", legacy_order_number = "R1003", created_at = "2026-11-20T19:45:00Z", updated_at = "2026-11-20T19:45:00Z", status = "processing", fulfillment_statuses = ["processing"], total = 3518 },
      ]
    }
  }

  assert {
    condition     = output.stuck_orders == ["LC-1001", "LC-1003"]
    error_message = "LC-1001 and LC-1003 are still processing."
  }

  assert {
    condition     = output.read_all
    error_message = "All three orders of the range were read."
  }
}

run "says_when_max_results_cut_the_range_short" {
  command = plan

  override_data {
    target = data.liquidcommerce_orders.range
    values = {
      total = 1500
      orders = [
        { reference_id = "LC-1002", legacy_order_number = "R1002", created_at = "2026-11-14T08:30:00Z", updated_at = "2026-11-14T08:30:00Z", status = "delivered", fulfillment_statuses = ["delivered"], total = 14135 },
      ]
    }
  }

  assert {
    condition     = !output.read_all && length(output.stuck_orders) == 0
    error_message = "One order read of 1500 is not all of them, and none is processing."
  }
}
