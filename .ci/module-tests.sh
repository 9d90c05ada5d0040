#!/usr/bin/env bash
# Runs the `terraform test` / `tofu test` examples of the testing guide
# (examples/testing/*) with every CLI that has mock_provider (Terraform 1.7+,
# OpenTofu 1.8+), against the locally built provider. Modules with ephemeral
# resources run only on CLIs that have them (Terraform 1.10+, OpenTofu 1.11+);
# Terraform tests them with the real provider against the bundled sandbox
# API, since Terraform cannot mock ephemeral resources.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)

work=$(mktemp -d)
sandbox_pid=""
trap '[ -z "$sandbox_pid" ] || kill "$sandbox_pid" 2>/dev/null; rm -rf "$work"' EXIT
# shellcheck source=dev-overrides.sh
. "$here/dev-overrides.sh"
dev_overrides_setup "$work"

# shellcheck source=sandbox.sh
. "$here/sandbox.sh"
sandbox_start "$work"

# A CLI that cannot be had fails the run rather than vanish from the list.
cli_list=$("$here/clis.sh" --all)
mapfile -t clis <<<"$cli_list"
status=0
for cli in "${clis[@]}"; do
  # shellcheck source=cli-env.sh
  . "$here/cli-env.sh"
  if ! cli_at_least 1.7 1.8; then
    echo "==> $cli_version: no mock_provider, module tests skipped"
    continue
  fi
  for dir in "$root"/examples/testing/*/; do
    name=$(basename "$dir")
    if grep -q '^ephemeral ' "$dir"*.tf && ! cli_at_least 1.10 1.11; then
      echo "==> $cli_version: examples/testing/$name uses ephemeral resources, skipped"
      continue
    fi
    copy="$work/run/$(basename "$cli")-$name"
    mkdir -p "$copy"
    cp -r "$dir". "$copy"/
    echo "==> $cli_version: test examples/testing/$name"
    if ! (cd "$copy" && "$cli" test -no-color); then
      status=1
    fi
  done
done
exit $status
