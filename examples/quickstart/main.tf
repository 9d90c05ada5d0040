# The quick start that `make demo` applies: an ephemeral token feeds a
# consumer (a local-exec provisioner that reports what it received, without
# printing the token), the data source shows the token's type and expiry, a
# catalog search runs through the provider's credentials, and, when an order
# is named, the order is read, typed, with the Orders API token, without
# being stored.
terraform {
  required_providers {
    liquidcommerce = {
      source = "liquidcommerce/liquidcommerce"
    }
  }
}

# Configured from LIQUIDCOMMERCE_API_KEY and LIQUIDCOMMERCE_BASE_URL, and
# for the order read from LIQUIDCOMMERCE_ORDERS_USER_ID and
# LIQUIDCOMMERCE_ORDERS_PASSWORD.
provider "liquidcommerce" {}

variable "search" {
  type        = string
  default     = "gin"
  description = "What to search the catalog for."
}

variable "order_id" {
  type        = string
  default     = ""
  description = "An order's referenceId to read with the Orders API; empty to skip."
}

ephemeral "liquidcommerce_access_token" "demo" {
  min_validity = "10m"
}

# A typed read: the order's status, amounts and items as attributes, with
# no personal data in its schema.
ephemeral "liquidcommerce_order" "order" {
  count = var.order_id == "" ? 0 : 1
  id    = var.order_id
}

# The consumer: receives the token and the order's status in its
# environment, never in state.
resource "terraform_data" "consumer" {
  triggers_replace = [plantimestamp()]

  provisioner "local-exec" {
    command = <<-EOT
      printf 'consumer received a token of type %s, %s characters long (sha256 %.12s...)\n' \
        "$TOKEN_TYPE" "$${#LIQUIDCOMMERCE_TOKEN}" "$(printf '%s' "$LIQUIDCOMMERCE_TOKEN" | sha256sum)" \
        > consumer-report.txt
      printf 'consumer read the order: %s\n' "$ORDER_SUMMARY" >> consumer-report.txt
    EOT
    environment = {
      LIQUIDCOMMERCE_TOKEN = ephemeral.liquidcommerce_access_token.demo.token
      TOKEN_TYPE           = ephemeral.liquidcommerce_access_token.demo.type
      ORDER_SUMMARY = join("", [
        for o in ephemeral.liquidcommerce_order.order : "${o.reference_id} is ${coalesce(o.status, "mixed")}, ${length(o.items)} item(s), total ${o.amounts.total} cents"
      ])
    }
  }
}

data "liquidcommerce_access_token" "demo" {}

data "liquidcommerce_api_request" "search" {
  path   = "/catalog/search"
  method = "POST"
  body   = jsonencode({ search = var.search, page = 0, perPage = 5 })
}

output "token_type" {
  value = data.liquidcommerce_access_token.demo.type
}

output "token_expires_at" {
  value = data.liquidcommerce_access_token.demo.expires_at
}

output "catalog_search" {
  value = [for p in jsondecode(data.liquidcommerce_api_request.search.response_body).products : p.name]
}
