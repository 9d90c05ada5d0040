# A module that invoices the courier for an order once it has left the
# store. It reads the order's status and total through exports, so the
# customer's data never reaches the state.
terraform {
  required_providers {
    liquidcommerce = {
      source = "liquidcommerce/liquidcommerce"
    }
  }
}

variable "order_id" {
  type        = string
  description = "The order's referenceId or legacy order number."
}

variable "courier_fee" {
  type        = number
  default     = 250
  description = "The courier's fee, in cents."
}

data "liquidcommerce_api_request" "order" {
  path        = "/orders/${var.order_id}"
  credentials = "orders"

  response_export_values = {
    status = "data.status || data.retailers[0].fulfillments[0].status"
    total  = "data.amounts.total"
  }
}

locals {
  order = data.liquidcommerce_api_request.order.output
}

resource "terraform_data" "courier_invoice" {
  count = contains(["inTransit", "delivered"], coalesce(local.order.status, "unknown")) ? 1 : 0

  input = {
    order_id = var.order_id
    amount   = local.order.total + var.courier_fee
  }
}

output "invoice_amount" {
  value = one(terraform_data.courier_invoice[*].input.amount)
}
