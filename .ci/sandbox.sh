#!/usr/bin/env bash
# Sourced: sandbox_start DIR [FLAG...] builds the bundled sandbox API into
# DIR, starts it on loopback with a random API key and Orders password (the
# FLAGs go to the sandbox, such as -orders 1000), waits until it listens,
# and exports LIQUIDCOMMERCE_API_KEY, LIQUIDCOMMERCE_BASE_URL,
# LIQUIDCOMMERCE_ORDERS_USER_ID and LIQUIDCOMMERCE_ORDERS_PASSWORD for it.
# It sets sandbox_pid; its log is DIR/sandbox.log. The caller stops it.
sandbox_start() {
  local dir=$1 root key password
  shift
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  (cd "$root" && go build -o "$dir/sandbox" ./internal/cmd/sandbox)
  key="sandbox-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
  password="sandbox-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
  rm -f "$dir/sandbox.url"
  "$dir/sandbox" -key "$key" -orders-user sandbox-orders -orders-password "$password" \
    -url-file "$dir/sandbox.url" "$@" >"$dir/sandbox.log" 2>&1 &
  sandbox_pid=$!
  for _ in $(seq 100); do
    [ -s "$dir/sandbox.url" ] && break
    kill -0 "$sandbox_pid" 2>/dev/null || break
    sleep 0.1
  done
  if [ ! -s "$dir/sandbox.url" ]; then
    cat "$dir/sandbox.log" >&2
    echo "the sandbox did not start" >&2
    return 1
  fi
  export LIQUIDCOMMERCE_API_KEY="$key" LIQUIDCOMMERCE_ORDERS_USER_ID=sandbox-orders LIQUIDCOMMERCE_ORDERS_PASSWORD="$password"
  # A token exported for the real API would stand in for the sandbox's logins.
  unset LIQUIDCOMMERCE_ACCESS_TOKEN LIQUIDCOMMERCE_ORDERS_ACCESS_TOKEN
  LIQUIDCOMMERCE_BASE_URL=$(cat "$dir/sandbox.url")
  export LIQUIDCOMMERCE_BASE_URL
}
