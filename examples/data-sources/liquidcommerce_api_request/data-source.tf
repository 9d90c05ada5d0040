# A catalog search: a read-only lookup, sent as POST with a JSON body. Every
# plan sends it again. The response is written to the state, which is fine
# for catalog data; for orders, use the ephemeral resource.
data "liquidcommerce_api_request" "gin_search" {
  path   = "/catalog/search"
  method = "POST"
  body = jsonencode({
    search  = "gin"
    page    = 0
    perPage = 20
    loc = {
      address = {
        one   = "100 Main St"
        city  = "New York"
        state = "NY"
        zip   = "10001"
      }
    }
  })
}

locals {
  # Catalog responses carry their fields at the top level: products,
  # retailers and navigation.
  gin_search = jsondecode(data.liquidcommerce_api_request.gin_search.response_body)
}

output "gin_products" {
  value = [for p in local.gin_search.products : p.name]
}

output "gin_total" {
  value = local.gin_search.navigation.totalCount
}
