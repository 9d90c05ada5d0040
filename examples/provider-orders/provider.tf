# The Orders API has its own credentials: a user id and a password that your
# LiquidCommerce account representative hands out. They are not the API key.
# Leave all three to the environment, so they never appear in configuration
# files:
#
#   export LIQUIDCOMMERCE_API_KEY="..."
#   export LIQUIDCOMMERCE_ORDERS_USER_ID="..."
#   export LIQUIDCOMMERCE_ORDERS_PASSWORD="..."
provider "liquidcommerce" {
  # api_key         = var.liquidcommerce_api_key         # or LIQUIDCOMMERCE_API_KEY
  # orders_user_id  = var.liquidcommerce_orders_user_id  # or LIQUIDCOMMERCE_ORDERS_USER_ID
  # orders_password = var.liquidcommerce_orders_password # or LIQUIDCOMMERCE_ORDERS_PASSWORD
}
