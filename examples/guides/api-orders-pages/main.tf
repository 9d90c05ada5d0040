terraform {
  required_version = ">= 1.10"
  required_providers {
    liquidcommerce = {
      source = "liquidcommerce/liquidcommerce"
    }
  }
}

provider "liquidcommerce" {}

variable "order_pages" {
  description = "How many pages of 100 orders to read."
  type        = number
  default     = 3
}

# One request per page. Every plan, and every apply, sends them all again.
ephemeral "liquidcommerce_api_request" "orders" {
  count       = var.order_pages
  path        = "/orders"
  credentials = "orders"
  query = {
    startDate = "2026-11-01T00:00:00Z"
    endDate   = "2026-12-01T00:00:00Z"
    page      = tostring(count.index + 1) # pages start at 1
    limit     = "100"                     # at most 100
  }
}

locals {
  pages  = [for r in ephemeral.liquidcommerce_api_request.orders : jsondecode(r.response_body).data]
  orders = flatten([for p in local.pages : p.orders])
  # data.total counts every order in the date range: more than
  # order_pages × 100 means some were not read.
  complete = length(local.pages) == 0 || local.pages[0].total <= var.order_pages * 100
}

resource "terraform_data" "monthly_totals" {
  triggers_replace = [plantimestamp()]

  provisioner "local-exec" {
    command = "./scripts/monthly-totals.sh"
    environment = {
      # Not every order has a top-level status (its fulfillments always
      # have theirs): try() gives null for those without.
      ORDERS_JSON     = jsonencode([for o in local.orders : { referenceId = o.referenceId, status = try(o.status, null), amounts = o.amounts }])
      ORDERS_COMPLETE = tostring(local.complete)
    }
  }
}
