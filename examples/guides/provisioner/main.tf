terraform {
  required_version = ">= 1.10"
  required_providers {
    liquidcommerce = {
      source = "liquidcommerce/liquidcommerce"
    }
  }
}

provider "liquidcommerce" {}

ephemeral "liquidcommerce_access_token" "api" {
  min_validity = "15m"
}

variable "webhook_check" {
  description = "Change to send the webhook test again."
  type        = string
  default     = "1"
}

# A provisioner may use ephemeral values; Terraform hides its output, since
# it saw one.
resource "terraform_data" "webhook_test" {
  triggers_replace = [var.webhook_check]

  provisioner "local-exec" {
    command = <<-EOT
      curl --fail --silent --show-error -X POST \
        -H "Authorization: Bearer $LIQUIDCOMMERCE_TOKEN" \
        -H "Content-Type: application/json" \
        -d '{}' \
        "$LIQUIDCOMMERCE_BASE_URL/webhook/test"
    EOT
    environment = {
      LIQUIDCOMMERCE_TOKEN = ephemeral.liquidcommerce_access_token.api.token
      # The API the provider got the token from, from its base_url or
      # LIQUIDCOMMERCE_BASE_URL: a staging token goes to staging.
      LIQUIDCOMMERCE_BASE_URL = ephemeral.liquidcommerce_access_token.api.base_url
    }
  }
}
