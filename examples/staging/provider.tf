# The staging environment has its own API keys: set LIQUIDCOMMERCE_API_KEY to
# a staging key along with this base_url (or LIQUIDCOMMERCE_BASE_URL).
provider "liquidcommerce" {
  base_url = "https://staging.api.liquidcommerce.cloud"
}
