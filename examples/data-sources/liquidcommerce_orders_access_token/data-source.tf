# The token of a data source is written to the state, and it opens the
# Orders API, customers' personal data included. Prefer the ephemeral
# resource of the same name on Terraform 1.10+ and OpenTofu 1.11+.
data "liquidcommerce_orders_access_token" "orders" {}

output "orders_token_expires_at" {
  value = data.liquidcommerce_orders_access_token.orders.expires_at
}

output "orders_token" {
  value     = data.liquidcommerce_orders_access_token.orders.token
  sensitive = true
}
