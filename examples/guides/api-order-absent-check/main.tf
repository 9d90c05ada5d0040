# Check blocks need Terraform 1.5+ or OpenTofu 1.6+. A failed assertion, or
# a failed request, is reported as a warning: it never stops an apply.
terraform {
  required_version = ">= 1.5"
  required_providers {
    liquidcommerce = {
      source = "liquidcommerce/liquidcommerce"
    }
  }
}

# The Orders credentials come from LIQUIDCOMMERCE_ORDERS_USER_ID and
# LIQUIDCOMMERCE_ORDERS_PASSWORD.
provider "liquidcommerce" {}

variable "load_test_order_id" {
  description = "The order the staging load test creates, which must never exist in production."
  type        = string
  default     = "LT-0001"
}

check "load_test_order_absent" {
  data "liquidcommerce_api_request" "load_test_order" {
    path        = "/orders/${var.load_test_order_id}"
    credentials = "orders"

    # The API's 404 is the answer this check hopes for, not an error.
    accept_status = [404]

    # Keep the order out of the state, should it exist: store only its
    # status (null for a 404).
    response_export_values = {
      status = "data.status"
    }
  }

  assert {
    condition     = data.liquidcommerce_api_request.load_test_order.status_code == 404
    error_message = "Order ${var.load_test_order_id} exists here, with status ${coalesce(data.liquidcommerce_api_request.load_test_order.output.status, "unknown")} (HTTP ${data.liquidcommerce_api_request.load_test_order.status_code}, request ${data.liquidcommerce_api_request.load_test_order.request_id})."
  }
}
