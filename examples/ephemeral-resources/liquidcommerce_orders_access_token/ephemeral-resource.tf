# Requires Terraform 1.10+ or OpenTofu 1.11+. The token is never written to
# the plan or the state. It needs orders_user_id and orders_password in the
# provider block, or LIQUIDCOMMERCE_ORDERS_USER_ID and
# LIQUIDCOMMERCE_ORDERS_PASSWORD.
ephemeral "liquidcommerce_orders_access_token" "orders" {
  # Orders tokens live minutes (10 or 60, by API version). Leave
  # min_validity unset, or ask for no more than the job needs.
  min_validity = "4m"
}

# A reporting job reads last week's orders with the token. The token goes to
# the job through its environment, never through its command line; since it
# is ephemeral, Terraform hides the provisioner's output.
resource "terraform_data" "weekly_orders_report" {
  # Ephemeral values cannot trigger replacement (that would store them), so
  # this runs the job on every apply instead.
  triggers_replace = [plantimestamp()]

  provisioner "local-exec" {
    command = "./scripts/orders-report.sh"
    environment = {
      LIQUIDCOMMERCE_BASE_URL     = ephemeral.liquidcommerce_orders_access_token.orders.base_url
      LIQUIDCOMMERCE_ORDERS_TOKEN = ephemeral.liquidcommerce_orders_access_token.orders.token
      REPORT_START_DATE           = timeadd(plantimestamp(), "-168h")
      REPORT_END_DATE             = plantimestamp()
    }
  }
}
