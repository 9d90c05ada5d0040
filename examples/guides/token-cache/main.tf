terraform {
  required_providers {
    liquidcommerce = {
      source = "liquidcommerce/liquidcommerce"
    }
  }
}

# Off unless set. One directory per user, under the home directory: the
# provider processes of this machine share their tokens there, in the clear,
# in files of mode 0600.
provider "liquidcommerce" {
  token_cache_dir = "~/.cache/liquidcommerce-tokens" # or LIQUIDCOMMERCE_TOKEN_CACHE_DIR
}

# With the cache, this data source reads the same token on every plan while
# it lasts, so the output does not change from one plan to the next.
data "liquidcommerce_access_token" "api" {}

output "token_expires_at" {
  value = data.liquidcommerce_access_token.api.expires_at
}
