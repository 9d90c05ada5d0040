terraform {
  required_providers {
    liquidcommerce = {
      source = "liquidcommerce/liquidcommerce"
    }
  }
}

# The Orders credentials come from LIQUIDCOMMERCE_ORDERS_USER_ID and
# LIQUIDCOMMERCE_ORDERS_PASSWORD.
provider "liquidcommerce" {}

variable "order_id" {
  description = "The order whose amounts the finance report needs."
  type        = string
}

data "liquidcommerce_api_request" "order" {
  path        = "/orders/${var.order_id}"
  credentials = "orders"

  # Printed in plans and applies, like any attribute.
  response_export_values = {
    status = "data.status || data.retailers[0].fulfillments[0].status"
  }

  # Masked in plans, applies and `terraform show`, but written to the state
  # in plain text like every sensitive attribute. Fine for amounts; never
  # for the customer's name, email or address: read those with the
  # ephemeral resource.
  sensitive_response_export_values = {
    amounts = "data.amounts"
  }
}

output "order_status" {
  value = data.liquidcommerce_api_request.order.output.status
}

# An output of a sensitive value must say so.
output "order_amounts" {
  value     = data.liquidcommerce_api_request.order.sensitive_output.amounts
  sensitive = true
}
