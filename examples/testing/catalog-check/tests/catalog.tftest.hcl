# Runs with `terraform test` (1.7+) and `tofu test` (1.8+), offline: the
# mock provider answers the data source with the values given here, so no
# API key and no network are needed.
mock_provider "liquidcommerce" {
  mock_data "liquidcommerce_api_request" {
    defaults = {
      status_code   = 200
      request_id    = "reqid_mock"
      response_body = "{\"statusCode\":200,\"products\":[{\"name\":\"Juniper Dry Gin 750ml\"}]}"
    }
  }
}

variables {
  search = "gin"
}

run "finds_products" {
  command = plan

  assert {
    condition     = output.product_names == ["Juniper Dry Gin 750ml"]
    error_message = "The module did not read the product names from the response."
  }

  assert {
    condition     = output.healthy
    error_message = "A 200 with products must count as healthy."
  }
}

run "empty_catalog_is_unhealthy" {
  command = plan

  override_data {
    target = data.liquidcommerce_api_request.search
    values = {
      status_code   = 200
      response_body = "{\"statusCode\":200,\"products\":[]}"
    }
  }

  assert {
    condition     = !output.healthy
    error_message = "An empty catalog must not count as healthy."
  }
}
