#!/usr/bin/env bash
# `make demo`: builds the provider, finds or builds a CLI, starts the bundled
# sandbox API unless LIQUIDCOMMERCE_API_KEY is set (then the real API is used,
# at LIQUIDCOMMERCE_BASE_URL or production), and plans and applies
# examples/quickstart with the locally built provider, counting the logins of
# each provider process.
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
  # shellcheck source=sandbox.sh
  . "$here/sandbox.sh"
  trap 'kill "${sandbox_pid:-}" 2>/dev/null || true' EXIT
  sandbox_start "$work"
  echo "    sandbox at $LIQUIDCOMMERCE_BASE_URL"
  order_id=LC-1001
else
  echo "==> using the LiquidCommerce API at ${LIQUIDCOMMERCE_BASE_URL:-https://api.liquidcommerce.cloud}"
  # An order is read only when one is named, with Orders credentials set.
  order_id=${LIQUIDCOMMERCE_DEMO_ORDER_ID:-}
fi

# logins PATH: how many login requests the sandbox has logged to PATH.
logins() {
  grep -c "sandbox: GET $1 -> 200" "$work/sandbox.log" || true
}
report_logins() {
  [ -n "${sandbox_pid:-}" ] || return 0
  local a o
  a=$(logins /authentication)
  o=$(logins /order-authentication)
  echo "    $1 (one provider process): $((a - ${seen_a:-0})) login with the API key, $((o - ${seen_o:-0})) with the Orders credentials"
  seen_a=$a seen_o=$o
}


cp -r "$root/examples/quickstart" "$work/quickstart"
cd "$work/quickstart"
echo "==> $(basename "$cli") plan -out=tfplan"
"$cli" plan -input=false -no-color -var "order_id=$order_id" -out=tfplan
report_logins "plan"
echo
echo "==> $(basename "$cli") apply tfplan"
"$cli" apply -input=false -no-color tfplan
report_logins "apply"
echo
echo "==> $(basename "$cli") output"
"$cli" output -no-color
echo
echo "==> what the consumer reported (its own output is hidden: it saw an ephemeral value)"
cat consumer-report.txt
for secret in "$LIQUIDCOMMERCE_API_KEY" "${LIQUIDCOMMERCE_ORDERS_PASSWORD:-}" "${LIQUIDCOMMERCE_ACCESS_TOKEN:-}" \
  "${LIQUIDCOMMERCE_ORDERS_ACCESS_TOKEN:-}" "ada@example.com"; do
  if [ -n "$secret" ] && grep -q "$secret" terraform.tfstate tfplan; then
    echo "a credential or the order's personal data is in the state or the plan" >&2
    exit 1
  fi
done
echo
echo "The state holds the data source's token and the catalog search (data sources are"
echo "stored; see their docs), never the ephemeral token, the order, or a credential."
echo "Files are in $work/quickstart."
