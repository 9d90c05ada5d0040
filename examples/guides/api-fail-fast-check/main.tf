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

# The provider's max_retries and request_timeout (4 and "30s" by default)
# still apply to every other read of the run, and to the login.
provider "liquidcommerce" {}

check "catalog_up" {
  data "liquidcommerce_api_request" "availability" {
    path   = "/catalog/availability"
    method = "POST"
    body = jsonencode({
      upcs = ["00000000000017"]
      loc = {
        address = {
          one   = "100 Main St"
          city  = "New York"
          state = "NY"
          zip   = "10001"
        }
      }
    })

    # One attempt of at most 5 seconds: when the API is down, this read
    # fails in seconds instead of retrying for minutes; so does a login
    # it starts.
    max_retries     = 0
    request_timeout = "5s"

    response_export_values = {
      products = "length(products)"
    }
  }

  assert {
    condition     = data.liquidcommerce_api_request.availability.output.products > 0
    error_message = "The catalog knows no product with UPC 00000000000017 (request ${data.liquidcommerce_api_request.availability.request_id})."
  }
}
