#!/usr/bin/env bash
# Checks the HCL under examples/.
#   examples.sh fmt    rewrite every .tf in canonical format (first CLI)
#   examples.sh check  with every CLI: `fmt -check -recursive`, then
#                      `validate` of each example folder that uses only this
#                      provider and built-ins, against the locally built
#                      provider (dev_overrides)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
mode=${1:-check}

if [ "$mode" = fmt ]; then
  cli=$("$here/clis.sh" --first)
  TF_CLI_CONFIG_FILE=/dev/null CHECKPOINT_DISABLE=1 "$cli" fmt -recursive "$root/examples"
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# shellcheck source=dev-overrides.sh
. "$here/dev-overrides.sh"
dev_overrides_setup "$work"

# uses_others DIR: true when the folder needs a provider other than this one
# and the built-in terraform provider, which cannot be installed offline.
uses_others() {
  grep -hoE '^\s*(resource|data|ephemeral)\s+"[a-z0-9_]+"' "$1"/*.tf \
    | sed -E 's/.*"([a-z0-9_]+)"/\1/' | grep -vqE '^(liquidcommerce|terraform)_' && return 0
  grep -hoE 'source\s*=\s*"[^"]+"' "$1"/*.tf | grep -vq 'liquidcommerce/liquidcommerce' && return 0
  return 1
}

mapfile -t clis < <("$here/clis.sh")
mapfile -t dirs < <(find "$root/examples" -name '*.tf' -printf '%h\n' | sort -u)
status=0
for cli in "${clis[@]}"; do
  name=$(basename "$cli")
  echo "==> $name fmt -check -recursive examples"
  if ! "$cli" fmt -check -recursive -diff "$root/examples"; then
    echo "examples are not formatted: run make fmt" >&2
    status=1
  fi
  for dir in "${dirs[@]}"; do
    rel=${dir#"$root"/}
    if uses_others "$dir"; then
      echo "    $rel: uses other providers, format checked only"
      continue
    fi
    copy="$work/validate/$name/$rel"
    mkdir -p "$copy"
    cp "$dir"/*.tf "$copy"/
    # Snippets without a terraform block get the one a user would write.
    if ! grep -q 'required_providers' "$copy"/*.tf; then
      printf 'terraform {\n  required_providers {\n    liquidcommerce = {\n      source = "liquidcommerce/liquidcommerce"\n    }\n  }\n}\n' >"$copy/zz_required_providers.tf"
    fi
    if out=$(cd "$copy" && "$cli" validate -no-color 2>&1); then
      echo "    $rel: valid"
    else
      echo "    $rel: INVALID" >&2
      echo "$out" >&2
      status=1
    fi
  done
done
exit $status
