#!/usr/bin/env bash
# `make bench-plan`: plan time of this provider against the constant
# provider fixture of the same wire schema, for N = 1, 10, 100 and 1000
# ephemeral and data-source access tokens, on every CLI with ephemeral
# resources (.ci/clis.sh), interleaved, medians of BENCH_RUNS plans (15).
# Then N api_request reads: logins, calls and connections per plan, time
# per request.
# Logging is off. Extra arguments go to internal/cmd/benchplan.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
work=$(mktemp -d)
sandbox_pid=""
trap '[ -z "$sandbox_pid" ] || kill "$sandbox_pid" 2>/dev/null; rm -rf "$work"' EXIT

cd "$root"
mkdir -p "$work/provider" "$work/constant"
go build -o "$work/provider/terraform-provider-liquidcommerce" .
go build -o "$work/constant/terraform-provider-liquidcommerce" ./internal/cmd/constprovider
go build -o "$work/benchplan" ./internal/cmd/benchplan
# shellcheck source=sandbox.sh
. "$here/sandbox.sh"
sandbox_start "$work"

cli_list=$("$here/clis.sh")
clis=$(printf '%s' "$cli_list" | paste -sd, -)
echo "==> $(nproc) cores, $(go version | cut -d' ' -f3), $(date -u +%Y-%m-%dT%H:%MZ)"
"$work/benchplan" -provider "$work/provider" -constant "$work/constant" -clis "$clis" \
  -sandbox-log "$work/sandbox.log" -runs "${BENCH_RUNS:-15}" "$@"
