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
  uri                  = "https://api.liquidcommerce.cloud"
  write_returns_object = true

  headers = {
    Authorization = "Bearer ${ephemeral.liquidcommerce_access_token.api.token}"
    Content-Type  = "application/json"
  }
}
