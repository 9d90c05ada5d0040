# The same typed order, never stored: here its status goes to a script
# through a provisioner, which Terraform runs without printing it.
ephemeral "liquidcommerce_order" "latest" {
  id = "LC-1001"
}

resource "terraform_data" "notify" {
  provisioner "local-exec" {
    command = "echo \"order is $STATUS\""
    environment = {
      STATUS = coalesce(ephemeral.liquidcommerce_order.latest.status, "mixed")
    }
  }
}
