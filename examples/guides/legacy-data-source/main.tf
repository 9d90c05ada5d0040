# For Terraform older than 1.10 (or OpenTofu older than 1.11), which have no
# ephemeral resources. The token is written to the state: protect the state
# as you protect the API key.
terraform {
  required_providers {
    liquidcommerce = {
      source = "liquidcommerce/liquidcommerce"
    }
  }
}

provider "liquidcommerce" {}

data "liquidcommerce_access_token" "api" {
  # Every refresh reads it again; a cached token is reused while it has an
  # hour left, so plans stay stable within a run.
  min_validity = "1h"
}

resource "terraform_data" "webhook_test" {
  provisioner "local-exec" {
    command = "curl --fail -s -X POST -H \"Authorization: Bearer $LIQUIDCOMMERCE_TOKEN\" -H 'Content-Type: application/json' -d '{}' \"$LIQUIDCOMMERCE_BASE_URL/webhook/test\""
    environment = {
      LIQUIDCOMMERCE_TOKEN = data.liquidcommerce_access_token.api.token
      # The API the provider got the token from: a staging token goes to
      # staging.
      LIQUIDCOMMERCE_BASE_URL = data.liquidcommerce_access_token.api.base_url
    }
  }
}
