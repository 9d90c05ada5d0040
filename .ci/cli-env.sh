#!/usr/bin/env bash
# Sourced with a CLI path in $cli: exports what that CLI needs to run here,
# i.e. its version line ($cli_version) and number ($cli_semver), whether it is
# OpenTofu ($is_tofu), the function cli_at_least, and the provider namespace settings
# terraform-plugin-testing needs for it.
cli_version=$(TF_CLI_CONFIG_FILE=/dev/null CHECKPOINT_DISABLE=1 "$cli" version 2>/dev/null | sed -n 1p)
is_tofu=false
case "$cli_version" in
  OpenTofu*) is_tofu=true ;;
esac
export CHECKPOINT_DISABLE=1
if $is_tofu; then
  # OpenTofu resolves implied providers on its own registry host; the
  # in-process providers must be announced under that address.
  export TF_ACC_PROVIDER_HOST=registry.opentofu.org
  export TF_ACC_PROVIDER_NAMESPACE=hashicorp
else
  unset TF_ACC_PROVIDER_HOST TF_ACC_PROVIDER_NAMESPACE
fi

# cli_semver is the version number alone, e.g. 1.12.6.
cli_semver=$(printf '%s\n' "$cli_version" | sed -n 's/^[^0-9]*v\([0-9][0-9.]*\).*/\1/p')

# cli_at_least TERRAFORM OPENTOFU: true when this CLI is at least the
# version given for its kind, e.g. `cli_at_least 1.10 1.11` for ephemeral
# resources.
cli_at_least() {
  local want=$1
  $is_tofu && want=$2
  [ "$(printf '%s\n%s\n' "$want" "$cli_semver" | sort -V | sed -n 1p)" = "$want" ]
}
