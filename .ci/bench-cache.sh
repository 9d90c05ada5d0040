#!/usr/bin/env bash
# `make bench-cache`: what the token cache shared by provider processes
# (LIQUIDCOMMERCE_TOKEN_CACHE_DIR) saves, on every CLI with ephemeral
# resources (.ci/clis.sh): logins and median wall time of an apply
# (BENCH_RUNS applies per mode, 9) and of 20 plans started at once in 20
# directories (5 batches per mode), without the cache, with an empty one
# and with a warm one. Logging is off. Extra arguments go to
# internal/cmd/benchcache, e.g. -plans 10 -batches 3.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
work=$(mktemp -d)
sandbox_pid=""
trap '[ -z "$sandbox_pid" ] || kill "$sandbox_pid" 2>/dev/null; rm -rf "$work"' EXIT

cd "$root"
mkdir -p "$work/provider"
go build -o "$work/provider/terraform-provider-liquidcommerce" .
go build -o "$work/benchcache" ./internal/cmd/benchcache
# shellcheck source=sandbox.sh
. "$here/sandbox.sh"
sandbox_start "$work"

cli_list=$("$here/clis.sh")
clis=$(printf '%s' "$cli_list" | paste -sd, -)
echo "==> $(nproc) cores, $(go version | cut -d' ' -f3), $(date -u +%Y-%m-%dT%H:%MZ)"
"$work/benchcache" -provider "$work/provider" -clis "$clis" -sandbox-log "$work/sandbox.log" \
  -runs "${BENCH_RUNS:-9}" "$@"
