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
  description = "The order to invoice: its referenceId or legacy order number."
  type        = string
}

variable "courier_fee" {
  description = "The courier's fee, in the order's minor units (cents)."
  type        = number
  default     = 250
}

# The order holds the customer's name, email, addresses and card details.
# With response_export_values set, none of that is stored: the state holds
# only the three values below, and response_body stays null.
data "liquidcommerce_api_request" "order" {
  path        = "/orders/${var.order_id}"
  credentials = "orders"

  response_export_values = {
    # Statuses live on each fulfillment; some answers also carry a top-level
    # status. This takes that, else the first fulfillment's.
    status = "data.status || data.retailers[0].fulfillments[0].status"
    total  = "data.amounts.total"
    items  = "length(data.items)"
  }
}

locals {
  order = data.liquidcommerce_api_request.order.output
}

# Invoice the courier once the order has left the store. The exports are
# typed: status is a string, total and items are numbers.
resource "terraform_data" "courier_invoice" {
  count = contains(["inTransit", "delivered"], coalesce(local.order.status, "unknown")) ? 1 : 0

  input = {
    order_id = var.order_id
    items    = local.order.items
    amount   = local.order.total + var.courier_fee
  }
}

output "order_status" {
  value = local.order.status
}
