#!/usr/bin/env bash
# Keeps internal/client small: at most 1,100 lines of code (non-blank lines
# of its non-test .go files, in any package under it too, that are not //
# comments), gofmt-formatted, with lines of at most 120 columns (a tab
# counts as one, as gofmt and golangci-lint's lll count it).
set -euo pipefail
cd "$(dirname "$0")/.."
files=$(find internal/client -name '*.go' ! -name '*_test.go' | sort)
loc=$(cat $files | grep -v '^[[:space:]]*$' | grep -cv '^[[:space:]]*//')
long=$(awk 'length > 120 { print FILENAME ":" FNR ": " length " columns" }' $files)
unformatted=$(gofmt -l $files)
echo "internal/client: $loc lines of code (at most 1100)"
status=0
[ "$loc" -le 1100 ] || { echo "internal/client has $loc lines of code, over 1100" >&2; status=1; }
[ -z "$long" ] || { echo "lines over 120 columns:" >&2; echo "$long" >&2; status=1; }
[ -z "$unformatted" ] || { echo "not gofmt-formatted: $unformatted" >&2; status=1; }
exit "$status"
