# Gins in stock under $60 that can be picked up, cheapest first: every
# page of them, up to max_results. Prices are in cents.
data "liquidcommerce_catalog_search" "gin" {
  search       = "gin"
  categories   = ["gin"]
  price        = { max = 6000 }
  availability = "IN_STOCK"
  fulfillment  = ["bopis"]
  order_by     = "price"
  max_results  = 100
  location = {
    latitude  = 42.6526
    longitude = -73.7562
  }
}

output "gins_found" {
  value = data.liquidcommerce_catalog_search.gin.total_count
}

output "gin_upcs_for_pickup" {
  value = distinct([for o in data.liquidcommerce_catalog_search.gin.offers : o.upc if o.pickup && o.in_stock])
}

# false when the search stopped before reading every product it found,
# up to max_results; a warning says why.
output "gin_search_complete" {
  value = data.liquidcommerce_catalog_search.gin.complete
}
