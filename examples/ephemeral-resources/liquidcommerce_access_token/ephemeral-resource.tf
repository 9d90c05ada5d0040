# Requires Terraform 1.10+ or OpenTofu 1.11+. The token is never written to
# the plan or the state.
ephemeral "liquidcommerce_access_token" "api" {
  # The token must stay valid for at least this long (default 5m).
  min_validity = "30m"
}

# Use the token where ephemeral values are accepted: provider blocks,
# write-only attributes, provisioners, and other ephemeral resources.
resource "terraform_data" "call_api" {
  # Ephemeral values cannot trigger replacement (that would store them), so
  # this runs the provisioner on every apply instead.
  triggers_replace = [plantimestamp()]

  provisioner "local-exec" {
    command = "test -n \"$LIQUIDCOMMERCE_TOKEN\" && echo \"got a $TOKEN_TYPE token\""
    environment = {
      LIQUIDCOMMERCE_TOKEN = ephemeral.liquidcommerce_access_token.api.token
      TOKEN_TYPE           = ephemeral.liquidcommerce_access_token.api.type
    }
  }
}
