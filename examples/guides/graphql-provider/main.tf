terraform {
  required_version = ">= 1.10"
  required_providers {
    liquidcommerce = {
      source = "liquidcommerce/liquidcommerce"
    }
    graphql = {
      source = "sullivtr/graphql"
    }
  }
}

provider "liquidcommerce" {}

ephemeral "liquidcommerce_access_token" "api" {}

provider "graphql" {
  # Your GraphQL API that takes LiquidCommerce tokens: its URL is yours to
  # give, the liquidcommerce provider does not know it.
  url = "https://graphql.example.com/query"

  headers = {
    Authorization = "Bearer ${ephemeral.liquidcommerce_access_token.api.token}"
  }
}
