# Runs with `terraform test` (1.7+) and `tofu test` (1.8+), offline. A mock
# provider leaves `output` null, since it cannot guess the attributes of a
# dynamic value: each run gives it, with the attributes the module reads.
mock_provider "liquidcommerce" {}

variables {
  order_id = "LC-1001"
}

run "invoices_a_delivered_order" {
  command = plan

  override_data {
    target = data.liquidcommerce_api_request.order
    values = {
      output      = { status = "delivered", total = 6048 }
      status_code = 200
    }
  }

  assert {
    condition     = output.invoice_amount == 6298
    error_message = "A delivered order of 6048 must be invoiced 6048 + 250."
  }
}

run "skips_an_order_still_processing" {
  command = plan

  override_data {
    target = data.liquidcommerce_api_request.order
    values = {
      output      = { status = "processing", total = 12850 }
      status_code = 200
    }
  }

  assert {
    condition     = length(terraform_data.courier_invoice) == 0 && output.invoice_amount == null
    error_message = "An order still processing must not be invoiced."
  }
}
