# Check blocks need Terraform 1.5+ or OpenTofu 1.6+. A failed assertion, or
# a failed request, is reported as a warning: it never stops an apply.
terraform {
  required_version = ">= 1.5"
  required_providers {
    liquidcommerce = {
      source = "liquidcommerce/liquidcommerce"
    }
  }
}

provider "liquidcommerce" {}

variable "release" {
  description = "The storefront release this configuration deploys."
  type        = string
  default     = "2026.11.1"
}

variable "smoke_test_search" {
  description = "A search that must find products once the release is out."
  type        = string
  default     = "gin"
}

# Stands for whatever your configuration deploys.
resource "terraform_data" "storefront_release" {
  input = var.release
}

check "catalog_search" {
  # A scoped data source: read for this check only, and, through
  # depends_on, only once the release is deployed.
  data "liquidcommerce_api_request" "search" {
    path   = "/catalog/search"
    method = "POST"
    body = jsonencode({
      search  = var.smoke_test_search
      page    = 0
      perPage = 5
      loc = {
        address = {
          one   = "100 Main St"
          city  = "New York"
          state = "NY"
          zip   = "10001"
        }
      }
    })

    # Only the product names are stored, not the whole response.
    response_export_values = {
      names = "products[*].name"
    }

    depends_on = [terraform_data.storefront_release]
  }

  assert {
    condition     = contains([200, 201], data.liquidcommerce_api_request.search.status_code)
    error_message = "Catalog search answered HTTP ${data.liquidcommerce_api_request.search.status_code} (request ${data.liquidcommerce_api_request.search.request_id})."
  }

  assert {
    condition     = length(coalesce(data.liquidcommerce_api_request.search.output.names, [])) > 0
    error_message = "Catalog search for \"${var.smoke_test_search}\" found no products (request ${data.liquidcommerce_api_request.search.request_id})."
  }
}
