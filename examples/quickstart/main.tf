# The quick start that `make demo` applies: an ephemeral token feeds a
# consumer (a local-exec provisioner that reports what it received, without
# printing the token), and the data source shows the token's type and expiry.
terraform {
  required_providers {
    liquidcommerce = {
      source = "liquidcommerce/liquidcommerce"
    }
  }
}

# Configured from LIQUIDCOMMERCE_API_KEY and LIQUIDCOMMERCE_BASE_URL.
provider "liquidcommerce" {}

ephemeral "liquidcommerce_access_token" "demo" {
  min_validity = "10m"
}

# The consumer: receives the token in its environment, never in state.
resource "terraform_data" "consumer" {
  triggers_replace = [plantimestamp()]

  provisioner "local-exec" {
    command = <<-EOT
      printf 'consumer received a token of type %s, %s characters long (sha256 %.12s...)\n' \
        "$TOKEN_TYPE" "$${#LIQUIDCOMMERCE_TOKEN}" "$(printf '%s' "$LIQUIDCOMMERCE_TOKEN" | sha256sum)" \
        > consumer-report.txt
    EOT
    environment = {
      LIQUIDCOMMERCE_TOKEN = ephemeral.liquidcommerce_access_token.demo.token
      TOKEN_TYPE           = ephemeral.liquidcommerce_access_token.demo.type
    }
  }
}

data "liquidcommerce_access_token" "demo" {}

output "token_type" {
  value = data.liquidcommerce_access_token.demo.type
}

output "token_expires_at" {
  value = data.liquidcommerce_access_token.demo.expires_at
}
