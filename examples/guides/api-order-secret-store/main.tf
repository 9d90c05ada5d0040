terraform {
  required_version = ">= 1.11"
  required_providers {
    liquidcommerce = {
      source = "liquidcommerce/liquidcommerce"
    }
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.98"
    }
  }
}

# The Orders credentials come from LIQUIDCOMMERCE_ORDERS_USER_ID and
# LIQUIDCOMMERCE_ORDERS_PASSWORD.
provider "liquidcommerce" {}

variable "order_id" {
  description = "The order whose delivery details the courier integration needs."
  type        = string
}

variable "order_revision" {
  description = "Increase to write the order again, for example after it changed."
  type        = number
  default     = 1
}

# The order holds personal data: read it with the ephemeral resource, which
# never stores it.
ephemeral "liquidcommerce_api_request" "order" {
  path        = "/orders/${var.order_id}"
  credentials = "orders"
}

locals {
  order = jsondecode(ephemeral.liquidcommerce_api_request.order.response_body).data
}

resource "aws_secretsmanager_secret" "courier_order" {
  name = "courier/orders/${var.order_id}"
}

# secret_string_wo is write-only: the order goes to Secrets Manager and is
# never stored in the plan or state. Terraform writes it again only when
# secret_string_wo_version changes.
resource "aws_secretsmanager_secret_version" "courier_order" {
  secret_id = aws_secretsmanager_secret.courier_order.id
  secret_string_wo = jsonencode({
    referenceId = local.order.referenceId
    status      = try(local.order.status, null) # only some answers carry a top-level status
    customer    = local.order.customer
    addresses   = local.order.addresses
  })
  secret_string_wo_version = var.order_revision
}
