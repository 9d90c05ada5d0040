terraform {
  required_version = ">= 1.11"
  required_providers {
    liquidcommerce = {
      source = "liquidcommerce/liquidcommerce"
    }
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.98"
    }
  }
}

provider "liquidcommerce" {}

ephemeral "liquidcommerce_access_token" "api" {
  # Whatever reads the secret should find a token with a day's use left.
  min_validity = "20h"
}

variable "token_rotation" {
  description = "Increase to write a fresh token into the secret."
  type        = number
  default     = 1
}

resource "aws_secretsmanager_secret" "liquidcommerce" {
  name = "liquidcommerce/access-token"
}

# secret_string_wo is write-only: the token goes to Secrets Manager and is
# never stored in the plan or state. Terraform writes it again only when
# secret_string_wo_version changes.
resource "aws_secretsmanager_secret_version" "liquidcommerce" {
  secret_id                = aws_secretsmanager_secret.liquidcommerce.id
  secret_string_wo         = ephemeral.liquidcommerce_access_token.api.token
  secret_string_wo_version = var.token_rotation
}
