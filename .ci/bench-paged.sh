#!/usr/bin/env bash
# `make bench-paged`: what paged reads wait on the network. Two sandboxes
# with 10,000 orders and 1,000 products, one with BENCH_LATENCY (default
# 100ms) added to every answer, and plans of orders, availability and
# search reads against each, on one CLI (BENCH_CLI, default terraform on
# PATH), median of BENCH_RUNS (5) interleaved runs. With BENCH_BEFORE=<git
# rev>, the provider built from that rev is measured too, interleaved with
# the working tree's. Extra arguments go to internal/cmd/benchpaged, such
# as -only orders-1000+availability-200.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
work=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT

cd "$root"
latency=${BENCH_LATENCY:-100ms}
mkdir -p "$work/after" "$work/fast" "$work/slow"
go build -o "$work/after/terraform-provider-liquidcommerce" .
before=() rev=""
if [ -n "${BENCH_BEFORE:-}" ]; then
  rev=$(git rev-parse --short "$BENCH_BEFORE^{commit}")
  mkdir -p "$work/before-src" "$work/before"
  git archive "$rev" | tar -x -C "$work/before-src"
  (cd "$work/before-src" && go build -o "$work/before/terraform-provider-liquidcommerce" .)
  before=(-before "$work/before")
fi
go build -o "$work/benchpaged" ./internal/cmd/benchpaged
# shellcheck source=sandbox.sh
. "$here/sandbox.sh"
sandbox_start "$work/fast" -orders 10000 -products 1000
pids+=("$sandbox_pid")
fast=$LIQUIDCOMMERCE_BASE_URL key=$LIQUIDCOMMERCE_API_KEY password=$LIQUIDCOMMERCE_ORDERS_PASSWORD
# The same credentials for the slow one: later flags win.
sandbox_start "$work/slow" -orders 10000 -products 1000 -latency "$latency" -key "$key" -orders-password "$password"
pids+=("$sandbox_pid")
slow=$LIQUIDCOMMERCE_BASE_URL
export LIQUIDCOMMERCE_API_KEY="$key" LIQUIDCOMMERCE_ORDERS_PASSWORD="$password" LIQUIDCOMMERCE_BASE_URL="$fast"

echo "==> $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(go version | cut -d' ' -f3), $(date -u +%Y-%m-%dT%H:%MZ), after: $(git rev-parse --short HEAD) + working tree${rev:+, before: $rev}"
"$work/benchpaged" -after "$work/after" "${before[@]}" -cli "${BENCH_CLI:-terraform}" -url-fast "$fast" \
  -url-slow "$slow" -latency "$latency" -runs "${BENCH_RUNS:-5}" "$@"
