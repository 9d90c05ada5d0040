terraform {
  required_providers {
    liquidcommerce = {
      source = "liquidcommerce/liquidcommerce"
    }
  }
}

# The API key is best left to the LIQUIDCOMMERCE_API_KEY environment variable,
# so it never appears in configuration files.
provider "liquidcommerce" {
  # api_key       = var.liquidcommerce_api_key # or LIQUIDCOMMERCE_API_KEY
  # access_token  = var.minted_token # or LIQUIDCOMMERCE_ACCESS_TOKEN: no login while it is accepted
  # base_url      = "https://staging.api.liquidcommerce.cloud" # or LIQUIDCOMMERCE_BASE_URL
  # token_cache_dir = "~/.cache/liquidcommerce-tokens" # or LIQUIDCOMMERCE_TOKEN_CACHE_DIR: off unless set; tokens on disk
  request_timeout = "30s" # or LIQUIDCOMMERCE_REQUEST_TIMEOUT
  max_retries     = 4     # or LIQUIDCOMMERCE_MAX_RETRIES
}
