#!/usr/bin/env bash
# Sourced with a CLI path in $cli: exports what that CLI needs to run here,
# i.e. its version line ($cli_version), whether it is OpenTofu ($is_tofu) and the provider namespace settings
# terraform-plugin-testing needs for it.
cli_version=$(TF_CLI_CONFIG_FILE=/dev/null CHECKPOINT_DISABLE=1 "$cli" version 2>/dev/null | head -1)
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
