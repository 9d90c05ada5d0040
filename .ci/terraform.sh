#!/usr/bin/env bash
# Prints the path of a Terraform binary of the version asked for (default
# 1.5.7): the one on PATH when it is that very version, otherwise one built
# with `go install` from the Go module proxy and cached outside the clone.
# Only releases whose go.mod has no replace directive build this way, which
# is 1.5.7, the last under the MPL, and earlier.
set -euo pipefail

version="${1:-1.5.7}"
cache="${LIQUIDCOMMERCE_TOOLS_CACHE:-$HOME/.cache/terraform-provider-liquidcommerce}"
bin="$cache/terraform-$version/terraform"

if path=$(command -v terraform 2>/dev/null) &&
  TF_CLI_CONFIG_FILE=/dev/null CHECKPOINT_DISABLE=1 "$path" version 2>/dev/null | sed -n 1p | grep -x "Terraform v$version" >/dev/null; then
  echo "$path"
  exit 0
fi
if [ -x "$bin" ]; then
  echo "$bin"
  exit 0
fi

echo "building Terraform $version into $bin (several minutes, once)" >&2
mkdir -p "$(dirname "$bin")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && GOBIN="$work" GOFLAGS=-mod=mod GOWORK=off CGO_ENABLED=0 \
  go install -trimpath "github.com/hashicorp/terraform@v$version") >&2
mv "$work/terraform" "$bin"
echo "$bin"
