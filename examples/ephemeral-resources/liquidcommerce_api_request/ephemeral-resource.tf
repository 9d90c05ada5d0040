# Requires Terraform 1.10+ or OpenTofu 1.11+. An order holds personal data
# (the customer's name, email and addresses): the ephemeral resource never
# writes it to the plan or the state. It runs at plan and again at apply.
variable "order_id" {
  description = "The order's referenceId or legacy order number."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9-]+$", var.order_id))
    error_message = "An order id has letters, digits and dashes only."
  }
}

ephemeral "liquidcommerce_api_request" "order" {
  path        = "/orders/${var.order_id}"
  credentials = "orders" # the Orders API takes the Orders token
}

locals {
  # The Orders API wraps its answer in an envelope: the order is in data.
  # A value derived from an ephemeral one is ephemeral too.
  order = jsondecode(ephemeral.liquidcommerce_api_request.order.response_body).data
}

# Hand the order to a fulfilment script through its environment. Terraform
# hides the output of a provisioner that uses ephemeral values.
resource "terraform_data" "resend_to_fulfilment" {
  triggers_replace = [var.order_id]

  provisioner "local-exec" {
    command = "./scripts/resend-to-fulfilment.sh"
    environment = {
      ORDER_JSON   = jsonencode(local.order)
      ORDER_STATUS = try(local.order.status, "") # only some answers carry a top-level status
    }
  }
}
