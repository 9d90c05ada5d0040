#!/usr/bin/env bash
# Installs a pinned developer tool once, caches it outside the clone, and
# prints the absolute path of the ready binary on stdout. Progress goes to
# stderr, so callers can write: "$(.ci/tools.sh golangci-lint)" run ./...
#
# Usage: .ci/tools.sh golangci-lint|goreleaser|tfplugindocs
#
# Binaries live in ${LIQUIDCOMMERCE_TOOLS_CACHE:-$HOME/.cache/terraform-provider-liquidcommerce}/bin
# under a versioned name (for example golangci-lint-v2.15.0), which is the
# version marker: a tool is rebuilt only when that exact file is missing.
# An unversioned symlink (golangci-lint -> golangci-lint-v2.15.0) points at
# the most recently requested version, for adding the directory to PATH.
set -euo pipefail

usage() {
  echo "usage: $0 golangci-lint|goreleaser|tfplugindocs" >&2
  exit 2
}

[ "$#" -eq 1 ] || usage
tool="$1"

case "$tool" in
  golangci-lint)
    module="github.com/golangci/golangci-lint/v2/cmd/golangci-lint"
    version="v2.15.0"
    ;;
  goreleaser)
    module="github.com/goreleaser/goreleaser/v2"
    version="v2.15.1"
    ;;
  tfplugindocs)
    module="github.com/hashicorp/terraform-plugin-docs/cmd/tfplugindocs"
    version="v0.25.0"
    ;;
  *)
    usage
    ;;
esac

cache="${LIQUIDCOMMERCE_TOOLS_CACHE:-$HOME/.cache/terraform-provider-liquidcommerce}"
bindir="$cache/bin"
exe=""
case "$(go env GOEXE 2>/dev/null || true)" in
  .exe) exe=".exe" ;;
esac
versioned="$bindir/$tool-$version$exe"

if [ ! -x "$versioned" ]; then
  mkdir -p "$bindir"
  bindir="$(cd "$bindir" && pwd -P)"
  versioned="$bindir/$tool-$version$exe"

  # Build in a scratch module-less directory so no go.mod/go.sum (this
  # project's included) is read or modified, and install into a staging
  # GOBIN on the same filesystem so the final rename is atomic even when two
  # invocations race.
  work="$(mktemp -d)"
  staging="$(mktemp -d "$bindir/.install-$tool.XXXXXX")"
  trap 'rm -rf "$work" "$staging"' EXIT

  echo "installing $module@$version into $bindir (once; this can take a few minutes)" >&2
  (
    cd "$work"
    GOBIN="$staging" GOFLAGS="-mod=mod -buildvcs=false" GOWORK=off \
      go install "$module@$version"
  ) >&2

  built="$staging/$tool$exe"
  [ -x "$built" ] || { echo "go install did not produce $built" >&2; exit 1; }
  mv -f "$built" "$versioned"
  echo "installed $versioned" >&2
else
  bindir="$(cd "$bindir" && pwd -P)"
  versioned="$bindir/$tool-$version$exe"
fi

# Convenience symlink for PATH users; replaced atomically.
link="$bindir/$tool$exe"
if [ "$(readlink "$link" 2>/dev/null || true)" != "$tool-$version$exe" ]; then
  ln -sfn "$tool-$version$exe" "$link.tmp.$$"
  mv -f -T "$link.tmp.$$" "$link" 2>/dev/null || mv -f "$link.tmp.$$" "$link"
fi

echo "$versioned"
