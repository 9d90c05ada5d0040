// Command terraform-provider-liquidcommerce serves the liquidcommerce provider
// to Terraform and OpenTofu over plugin protocol 6.
package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/liquidcommerce/terraform-provider-liquidcommerce/internal/provider"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "start the provider for a debugger (delve) and print TF_REATTACH_PROVIDERS")
	flag.Parse()

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: "registry.terraform.io/liquidcommerce/liquidcommerce",
		Debug:   debug,
	})
	if err != nil {
		log.Fatal(err.Error())
	}
}
