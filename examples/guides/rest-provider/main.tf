terraform {
  required_version = ">= 1.10"
  required_providers {
    liquidcommerce = {
      source = "liquidcommerce/liquidcommerce"
    }
    restapi = {
      source = "Mastercard/restapi"
    }
  }
}

provider "liquidcommerce" {}

ephemeral "liquidcommerce_access_token" "api" {
  min_validity = "30m"
}

# Provider blocks accept ephemeral values: the token configures the REST
# provider for this run and is never stored.
provider "restapi" {
  # The API the provider got the token from, from its base_url or
  # LIQUIDCOMMERCE_BASE_URL: a staging token calls staging.
  uri                  = ephemeral.liquidcommerce_access_token.api.base_url
  write_returns_object = true

  headers = {
    Authorization = "Bearer ${ephemeral.liquidcommerce_access_token.api.token}"
    Content-Type  = "application/json"
  }
}
