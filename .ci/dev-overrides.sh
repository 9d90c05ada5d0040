#!/usr/bin/env bash
# Sourced: dev_overrides_setup DIR builds the provider into DIR/bin and writes
# DIR/cli.tfrc, a CLI configuration in which that build stands in for the
# registry's under both hosts a short source can resolve to (Terraform's and
# OpenTofu's). It exports TF_CLI_CONFIG_FILE and CHECKPOINT_DISABLE.
dev_overrides_setup() {
  local dir=$1 root
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  mkdir -p "$dir/bin"
  (cd "$root" && go build -o "$dir/bin/terraform-provider-liquidcommerce" .)
  cat >"$dir/cli.tfrc" <<CFG
provider_installation {
  dev_overrides {
    "registry.terraform.io/liquidcommerce/liquidcommerce" = "$dir/bin"
    "registry.opentofu.org/liquidcommerce/liquidcommerce" = "$dir/bin"
  }
  direct {}
}
disable_checkpoint = true
CFG
  export TF_CLI_CONFIG_FILE="$dir/cli.tfrc" CHECKPOINT_DISABLE=1
}
