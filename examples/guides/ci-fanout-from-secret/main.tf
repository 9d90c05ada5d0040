terraform {
  required_version = ">= 1.10"
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

# The token the bootstrap workspace wrote; ephemeral, so it is in no plan or
# state of this job.
ephemeral "aws_secretsmanager_secret_version" "liquidcommerce" {
  secret_id = "liquidcommerce/access-token"
}

provider "liquidcommerce" {
  access_token = ephemeral.aws_secretsmanager_secret_version.liquidcommerce.secret_string
}

data "liquidcommerce_api_request" "availability" {
  path   = "/catalog/availability"
  method = "POST"
  body   = jsonencode({ upcs = ["00000000000017"] })
}
