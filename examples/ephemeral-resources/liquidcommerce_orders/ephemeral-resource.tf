# One customer's orders, never stored: the email is personal data, so only
# the ephemeral resource takes it.
variable "customer_email" {
  type      = string
  ephemeral = true
}

ephemeral "liquidcommerce_orders" "customer" {
  start_date     = "2026-11-01"
  end_date       = "2026-11-30"
  customer_email = var.customer_email
}

resource "terraform_data" "report" {
  provisioner "local-exec" {
    command = "echo \"$COUNT orders\""
    environment = {
      COUNT = length(ephemeral.liquidcommerce_orders.customer.orders)
    }
  }
}
