#!/usr/bin/env bash
# `make bench-typed`: what the typed reads cost a plan (median of
# BENCH_RUNS plans, 7), in API calls per plan, and in state size after an
# apply, against the bundled sandbox API with 1,000 orders and 400
# products, on one CLI (BENCH_CLI, default terraform on PATH). Logging is
# off. Extra arguments go to internal/cmd/benchtyped.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
work=$(mktemp -d)
sandbox_pid=""
trap '[ -z "$sandbox_pid" ] || kill "$sandbox_pid" 2>/dev/null; rm -rf "$work"' EXIT

cd "$root"
mkdir -p "$work/provider"
go build -o "$work/provider/terraform-provider-liquidcommerce" .
go build -o "$work/benchtyped" ./internal/cmd/benchtyped
# shellcheck source=sandbox.sh
. "$here/sandbox.sh"
sandbox_start "$work" -orders 1000 -products 400

echo "==> $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(go version | cut -d' ' -f3), $(date -u +%Y-%m-%dT%H:%MZ), $(git rev-parse --short HEAD)"
"$work/benchtyped" -provider "$work/provider" -cli "${BENCH_CLI:-terraform}" -sandbox-log "$work/sandbox.log" \
  -runs "${BENCH_RUNS:-7}" "$@"
