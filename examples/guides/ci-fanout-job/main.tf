terraform {
  required_providers {
    liquidcommerce = {
      source = "liquidcommerce/liquidcommerce"
    }
  }
}

# The token comes from LIQUIDCOMMERCE_ACCESS_TOKEN, minted once for the whole
# pipeline: this job makes no login. LIQUIDCOMMERCE_API_KEY, if the job has it
# too, serves only when the API refuses the token.
provider "liquidcommerce" {}

data "liquidcommerce_api_request" "availability" {
  path   = "/catalog/availability"
  method = "POST"
  body   = jsonencode({ upcs = ["00000000000017"] })
}
