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

    # Fail fast: one attempt of at most 5 seconds per request, so a check
    # against an API that is down warns in seconds instead of retrying for
    # minutes. The provider's own limits still hold for everything else.
    max_retries     = 0
    request_timeout = "5s"
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

    max_retries     = 0
    request_timeout = "5s"
  }

  assert {
    condition     = data.liquidcommerce_orders.last_day.total > 0
    error_message = "No order was created in the last 24 hours."
  }
}

# Were all of the last day's orders read? complete is false, with a
# warning, when the read stopped below both the API's total and
# max_results (an empty page, or a page with nothing new).
check "last_day_read_whole" {
  data "liquidcommerce_orders" "last_day_all" {
    start_date = timeadd(plantimestamp(), "-24h")
    end_date   = plantimestamp()

    max_retries     = 0
    request_timeout = "5s"
  }

  assert {
    condition     = data.liquidcommerce_orders.last_day_all.complete
    error_message = "Only ${length(data.liquidcommerce_orders.last_day_all.orders)} of the last day's ${data.liquidcommerce_orders.last_day_all.total} orders were read."
  }
}

# Has the order been delivered?
check "order_delivered" {
  data "liquidcommerce_order" "watched" {
    id = var.order_id

    max_retries     = 0
    request_timeout = "5s"
  }

  assert {
    condition     = coalesce(data.liquidcommerce_order.watched.status, "unknown") == "delivered"
    error_message = "Order ${var.order_id} is ${coalesce(data.liquidcommerce_order.watched.status, "without a status")}, not delivered."
  }
}
