# A catalog search: a read-only lookup, sent as POST with a JSON body. Every
# plan sends it again. With response_export_values, the state holds only
# what the expressions select, in output, and response_body stays null.
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

  # JMESPath expressions (jmespath.org), run against the response JSON.
  # Catalog responses carry their fields at the top level.
  response_export_values = {
    names = "products[*].name"
    total = "navigation.totalCount"
  }
}

output "gin_products" {
  value = data.liquidcommerce_api_request.gin_search.output.names
}

output "gin_total" {
  value = data.liquidcommerce_api_request.gin_search.output.total
}
