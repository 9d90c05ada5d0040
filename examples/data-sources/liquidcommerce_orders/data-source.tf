# Every order created in November, as summaries with no personal data:
# pages are read until the API's total (or max_results) is reached.
data "liquidcommerce_orders" "november" {
  start_date = "2026-11-01"
  end_date   = "2026-11-30" # a date takes in that whole day
}

output "orders_in_november" {
  value = data.liquidcommerce_orders.november.total
}

output "undelivered" {
  # status is null for a mix of fulfillment statuses: coalesce keeps the
  # comparison null-safe. An older order has only a legacy order number.
  value = [
    for o in data.liquidcommerce_orders.november.orders : o.reference_id != null ? o.reference_id : o.legacy_order_number
    if coalesce(o.status, "mixed") != "delivered"
  ]
}

check "every_order_read" {
  assert {
    condition     = data.liquidcommerce_orders.november.complete
    error_message = "The read stopped before the API's total; see its warning."
  }
}
