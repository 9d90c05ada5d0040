#!/usr/bin/env bash
# `make demo`: builds the provider, finds or builds a CLI, starts the bundled
# sandbox API unless LIQUIDCOMMERCE_API_KEY is set (then the real API is used,
# at LIQUIDCOMMERCE_BASE_URL or production), and applies examples/quickstart
# with the locally built provider.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
work="$root/.demo"
rm -rf "$work"
mkdir -p "$work/bin"

echo "==> building the provider"
# shellcheck source=dev-overrides.sh
. "$here/dev-overrides.sh"
dev_overrides_setup "$work"

cli=$("$here/clis.sh" --first)
# shellcheck source=cli-env.sh
. "$here/cli-env.sh"
echo "==> using $cli_version at $cli"

if [ -z "${LIQUIDCOMMERCE_API_KEY:-}" ]; then
  echo "==> starting the bundled sandbox API (set LIQUIDCOMMERCE_API_KEY to use the real API)"
  (cd "$root" && go build -o "$work/bin/sandbox" ./internal/cmd/sandbox)
  key="sandbox-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
  "$work/bin/sandbox" -key "$key" -url-file "$work/sandbox.url" >"$work/sandbox.log" 2>&1 &
  sandbox_pid=$!
  trap 'kill "$sandbox_pid" 2>/dev/null || true' EXIT
  for _ in $(seq 100); do
    [ -s "$work/sandbox.url" ] && break
    kill -0 "$sandbox_pid" 2>/dev/null || { cat "$work/sandbox.log" >&2; exit 1; }
    sleep 0.1
  done
  [ -s "$work/sandbox.url" ] || { echo "the sandbox did not start" >&2; exit 1; }
  export LIQUIDCOMMERCE_API_KEY="$key"
  LIQUIDCOMMERCE_BASE_URL=$(cat "$work/sandbox.url")
  export LIQUIDCOMMERCE_BASE_URL
  echo "    sandbox at $LIQUIDCOMMERCE_BASE_URL"
else
  echo "==> using the LiquidCommerce API at ${LIQUIDCOMMERCE_BASE_URL:-https://api.liquidcommerce.cloud}"
fi


cp -r "$root/examples/quickstart" "$work/quickstart"
cd "$work/quickstart"
echo "==> $(basename "$cli") apply"
"$cli" apply -auto-approve -input=false -no-color
echo
echo "==> $(basename "$cli") output"
"$cli" output -no-color
echo
echo "==> what the consumer reported (its own output is hidden: it saw an ephemeral value)"
cat consumer-report.txt
if grep -q "$LIQUIDCOMMERCE_API_KEY" terraform.tfstate; then
  echo "the API key is in the state" >&2
  exit 1
fi
echo
echo "The state holds the data source's token (data sources are stored; see its docs),"
echo "never the ephemeral token or the API key. Files are in $work/quickstart."
