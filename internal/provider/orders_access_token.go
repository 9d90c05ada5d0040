package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/client"
)

// ordersAccessToken is liquidcommerce_orders_access_token: the token of the
// Orders API, which does not take the access token.
var ordersAccessToken = &tokenKind{
	suffix: "_orders_access_token", credential: client.Orders, what: "LiquidCommerce Orders API token",
	title: "LiquidCommerce Orders API Token",
	typeDesc: "The token type as the API returns it: `ORDER_API`, or `Bearer` from the older bare answer. Null for " +
		"a token given in the provider's `orders_access_token`, whose type is unknown.",
	lifetime:  "minutes: 10m or 60m, by API version",
	login:     "`GET /order-authentication` with the provider's `orders_user_id` and `orders_password`",
	givenAttr: "orders_access_token",
}

// newOrdersAccessTokenDataSource returns the
// liquidcommerce_orders_access_token data source.
func newOrdersAccessTokenDataSource(p *liquidCommerceProvider) datasource.DataSource {
	return &tokenDataSource{typeBase: typeBase{p}, kind: ordersAccessToken}
}

// newOrdersAccessTokenEphemeralResource returns the
// liquidcommerce_orders_access_token ephemeral resource.
func newOrdersAccessTokenEphemeralResource(p *liquidCommerceProvider) ephemeral.EphemeralResource {
	return &tokenEphemeralResource{typeBase: typeBase{p}, kind: ordersAccessToken}
}
