# Which retailers near an address have these UPCs, at what price and how
# they fulfill. Identifiers go 20 to a request; prices are in cents.
data "liquidcommerce_catalog_availability" "albany" {
  upcs = ["00000000000017", "00000000000024"]
  location = {
    address = { one = "100 Main St", city = "Albany", state = "NY", zip = "12207" }
  }
}

# Warns in plan and apply when the gin is not in stock near the address.
check "gin_in_stock_near_albany" {
  assert {
    condition     = anytrue([for o in data.liquidcommerce_catalog_availability.albany.offers : o.in_stock if o.upc == "00000000000017"])
    error_message = "UPC 00000000000017 is not in stock near 100 Main St, Albany."
  }
}

output "gin_offers" {
  value = [
    for o in data.liquidcommerce_catalog_availability.albany.offers :
    { retailer = o.retailer_id, dollars = o.price / 100, in_stock = o.in_stock }
    if o.upc == "00000000000017"
  ]
}

output "pickup_retailers" {
  value = [for r in data.liquidcommerce_catalog_availability.albany.retailers : r.name if contains(r.fulfillment_types, "bopis")]
}
