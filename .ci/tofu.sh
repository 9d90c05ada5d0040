#!/usr/bin/env bash
# Prints the path of an OpenTofu binary of the version asked for
# (TOFU_VERSION, default 1.12.6): the one on PATH when it is that very
# version, otherwise one built from the Go module proxy and cached outside
# the clone so later runs reuse it.
set -euo pipefail

version="${TOFU_VERSION:-1.12.6}"
cache="${LIQUIDCOMMERCE_TOOLS_CACHE:-$HOME/.cache/terraform-provider-liquidcommerce}"
bin="$cache/tofu-$version/tofu"

if path=$(command -v tofu 2>/dev/null) && [ -z "${TOFU_FORCE_BUILD:-}" ] &&
  TF_CLI_CONFIG_FILE=/dev/null CHECKPOINT_DISABLE=1 "$path" version 2>/dev/null | sed -n 1p | grep -x "OpenTofu v$version" >/dev/null; then
  echo "$path"
  exit 0
fi
if [ -x "$bin" ]; then
  echo "$bin"
  exit 0
fi

echo "building OpenTofu $version into $bin (several minutes, once)" >&2
dir=$(cd /tmp && GOFLAGS=-mod=mod go mod download -json "github.com/opentofu/opentofu@v$version" \
  | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
[ -n "$dir" ] || { echo "could not download github.com/opentofu/opentofu@v$version" >&2; exit 1; }
work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
cp -r "$dir" "$work/src"
chmod -R u+w "$work/src"
mkdir -p "$(dirname "$bin")"
(cd "$work/src" && CGO_ENABLED=0 go build -trimpath \
  -ldflags "-X github.com/opentofu/opentofu/version.dev=no" -o "$bin.tmp" ./cmd/tofu) >&2
mv "$bin.tmp" "$bin"
echo "$bin"
