# A module that lists the orders of a date range still processing, from the
# typed liquidcommerce_orders read, and says whether it read them all.
terraform {
  required_providers {
    liquidcommerce = {
      source = "liquidcommerce/liquidcommerce"
    }
  }
}

variable "start_date" {
  type        = string
  description = "The first day of the range, such as 2026-11-01."
}

variable "end_date" {
  type        = string
  description = "The last day of the range."
}

data "liquidcommerce_orders" "range" {
  start_date = var.start_date
  end_date   = var.end_date
}

output "stuck_orders" {
  description = "The orders still processing, oldest first."
  value       = [for o in data.liquidcommerce_orders.range.orders : o.reference_id if o.status == "processing"]
}

output "read_all" {
  description = "Whether every order of the range was read (max_results was not reached)."
  value       = length(data.liquidcommerce_orders.range.orders) == data.liquidcommerce_orders.range.total
}
