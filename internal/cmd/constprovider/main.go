// Command constprovider is a test fixture for `make bench-plan`: a provider
// with the same wire schema as terraform-provider-liquidcommerce (the same
// types, attributes, attribute types and sensitivity) that answers every read
// with constants, makes no network call, and has none of the real
// provider's validators or custom types. Plan time with it is the floor the
// real provider is measured against.
package main

import (
	"context"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
)

func main() {
	err := providerserver.Serve(context.Background(), newProvider, providerserver.ServeOpts{
		Address: "registry.terraform.io/liquidcommerce/liquidcommerce",
	})
	if err != nil {
		log.Fatal(err)
	}
}
