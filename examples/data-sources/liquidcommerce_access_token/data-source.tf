# The token of a data source is written to the state. Prefer the ephemeral
# resource of the same name on Terraform 1.10+ and OpenTofu 1.11+.
data "liquidcommerce_access_token" "api" {
  min_validity = "1h"
}

output "token_expires_at" {
  value = data.liquidcommerce_access_token.api.expires_at
}

output "token" {
  value     = data.liquidcommerce_access_token.api.token
  sensitive = true
}
