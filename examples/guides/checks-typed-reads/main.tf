terraform {
  required_version = ">= 1.5"
  required_providers {
    liquidcommerce = {
      source = "liquidcommerce/liquidcommerce"
    }
  }
}

# The API key, and the Orders user id and password, come from
# LIQUIDCOMMERCE_API_KEY, LIQUIDCOMMERCE_ORDERS_USER_ID and
# LIQUIDCOMMERCE_ORDERS_PASSWORD.
provider "liquidcommerce" {}

variable "upc" {
  description = "The UPC that must be in stock near the store."
  type        = string
  default     = "00000000000017"
}

variable "order_id" {
  description = "An order that must be delivered."
  type        = string
  default     = "LC-1001"
}

# Is the bottle in stock at a retailer near the store?
check "in_stock_near_albany" {
  data "liquidcommerce_catalog_availability" "near_albany" {
    upcs = [var.upc]
    location = {
      address = { one = "100 Main St", city = "Albany", state = "NY", zip = "12207" }
    }
  }

  assert {
    condition     = anytrue([for o in data.liquidcommerce_catalog_availability.near_albany.offers : o.in_stock if o.upc == var.upc])
    error_message = "UPC ${var.upc} is in stock at no retailer near 100 Main St, Albany."
  }
}

# Were orders created in the last day?
check "orders_are_flowing" {
  data "liquidcommerce_orders" "last_day" {
    start_date  = timeadd(plantimestamp(), "-24h")
    end_date    = plantimestamp()
    max_results = 1 # the API's total counts them all; one page is enough
  }

  assert {
    condition     = data.liquidcommerce_orders.last_day.total > 0
    error_message = "No order was created in the last 24 hours."
  }
}

# Has the order been delivered?
check "order_delivered" {
  data "liquidcommerce_order" "watched" {
    id = var.order_id
  }

  assert {
    condition     = coalesce(data.liquidcommerce_order.watched.status, "unknown") == "delivered"
    error_message = "Order ${var.order_id} is ${coalesce(data.liquidcommerce_order.watched.status, "without a status")}, not delivered."
  }
}
