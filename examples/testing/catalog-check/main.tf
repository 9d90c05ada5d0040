# A module that smoke-tests the catalog after a deploy: it searches the
# catalog through the provider's credentials and reports what it found.
terraform {
  required_providers {
    liquidcommerce = {
      source = "liquidcommerce/liquidcommerce"
    }
  }
}

variable "search" {
  type        = string
  description = "What to search the catalog for."
}

data "liquidcommerce_api_request" "search" {
  path   = "/catalog/search"
  method = "POST"
  body   = jsonencode({ search = var.search, page = 0, perPage = 20 })
}

locals {
  products = jsondecode(data.liquidcommerce_api_request.search.response_body).products
}

output "product_names" {
  value = [for p in local.products : p.name]
}

output "healthy" {
  value = data.liquidcommerce_api_request.search.status_code == 200 && length(local.products) > 0
}
