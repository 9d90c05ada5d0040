# One order, typed: its status, amounts, retailers and items reach the
# state, and none of its personal data does. Needs the Orders credentials
# (LIQUIDCOMMERCE_ORDERS_USER_ID and LIQUIDCOMMERCE_ORDERS_PASSWORD).
data "liquidcommerce_order" "latest" {
  id = "LC-1001" # a referenceId, or a legacy order number such as "R482913075"
}

output "order_status" {
  # Derived from the fulfillments; null for a mix of statuses outside the flow.
  value = coalesce(data.liquidcommerce_order.latest.status, "mixed")
}

output "order_total_dollars" {
  # Amounts are in cents, as the API returns them.
  value = data.liquidcommerce_order.latest.amounts.total / 100
}

output "order_upcs" {
  value = [for item in data.liquidcommerce_order.latest.items : item.upc]
}
