# Every order created in November, as summaries with no personal data:
# pages of 100 are read until the API's total (or max_results) is reached.
data "liquidcommerce_orders" "november" {
  start_date = "2026-11-01"
  end_date   = "2026-11-30" # a date takes in that whole day
}

output "orders_in_november" {
  value = data.liquidcommerce_orders.november.total
}

output "undelivered" {
  value = [for o in data.liquidcommerce_orders.november.orders : o.reference_id if o.status != "delivered"]
}
