# A module that hands a LiquidCommerce access token to a job, never storing
# it: the token is ephemeral, and the job gets it in its environment.
terraform {
  required_providers {
    liquidcommerce = {
      source = "liquidcommerce/liquidcommerce"
    }
  }
}

variable "job_name" {
  type        = string
  description = "Name of the job that calls the API."
}

variable "min_validity" {
  type        = string
  default     = "30m"
  description = "How long the token must stay valid for the job."
}

ephemeral "liquidcommerce_access_token" "job" {
  min_validity = var.min_validity
}

resource "terraform_data" "job" {
  triggers_replace = [var.job_name]

  provisioner "local-exec" {
    command = "test \"$${AUTHORIZATION#Bearer }\" != \"\" && echo \"$JOB_NAME got a $TOKEN_TYPE token\""
    environment = {
      JOB_NAME      = var.job_name
      AUTHORIZATION = "Bearer ${ephemeral.liquidcommerce_access_token.job.token}"
      TOKEN_TYPE    = ephemeral.liquidcommerce_access_token.job.type
    }
  }
}

output "job_name" {
  value = terraform_data.job.triggers_replace[0]
}
