#!/usr/bin/env bash
# Prints the Terraform-compatible CLIs to run with, one path a line:
# TF_ACC_TERRAFORM_PATH alone when it is set; otherwise a Terraform 1.10 or
# later found on PATH, then OpenTofu 1.12.6 (on PATH when it is that
# version, or built from the Go module proxy and cached by .ci/tofu.sh).
#   --first  stop at the first
#   --all    instead of OpenTofu 1.12.6, every CLI in .ci/cli-versions (the
#            acceptance suite's list, old CLIs included; built and cached on
#            first use by .ci/terraform.sh and .ci/tofu.sh)
set -euo pipefail
mode=${1:-}
here=$(cd "$(dirname "$0")" && pwd)

if [ -n "${TF_ACC_TERRAFORM_PATH:-}" ]; then
  echo "$TF_ACC_TERRAFORM_PATH"
  exit 0
fi

path_version=""
if tf=$(command -v terraform 2>/dev/null); then
  path_version=$(TF_CLI_CONFIG_FILE=/dev/null CHECKPOINT_DISABLE=1 "$tf" version 2>/dev/null |
    sed -n '1s/^Terraform v\([0-9][0-9.]*\).*/\1/p')
  if [ -n "$path_version" ] && [ "$(printf '1.10.0\n%s\n' "$path_version" | sort -V | sed -n 1p)" = 1.10.0 ]; then
    echo "$tf"
    [ "$mode" = --first ] && exit 0
  else
    echo "not using terraform ${path_version:-of unknown version} at $tf from PATH: ephemeral resources need 1.10+" >&2
    path_version=""
  fi
fi

if [ "$mode" != --all ]; then
  "$here/tofu.sh"
  exit 0
fi
grep -v '^#' "$here/cli-versions" | while read -r kind version; do
  [ -n "$kind" ] || continue
  case "$kind" in
    terraform) [ "$version" = "$path_version" ] || "$here/terraform.sh" "$version" ;;
    opentofu) TOFU_VERSION="$version" "$here/tofu.sh" ;;
    *) echo "unknown CLI kind $kind in .ci/cli-versions" >&2; exit 1 ;;
  esac
done
