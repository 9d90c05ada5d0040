#!/usr/bin/env bash
# Runs the acceptance tests (TF_ACC=1) once per CLI that `.ci/clis.sh --all` lists.
# Extra arguments go to `go test`, e.g. -run TestAccAccessTokenEphemeral.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/.."

# A CLI that cannot be had fails the run rather than vanish from the list.
cli_list=$("$here/clis.sh" --all)
mapfile -t clis <<<"$cli_list"
[ "${#clis[@]}" -gt 0 ] || { echo "no Terraform-compatible CLI found" >&2; exit 1; }

for cli in "${clis[@]}"; do
  # shellcheck source=cli-env.sh
  . "$here/cli-env.sh"
  echo "==> acceptance tests with $cli_version ($cli)"
  TF_ACC=1 TF_ACC_TERRAFORM_PATH="$cli" go test ./internal/provider/ -run '^TestAcc' -count=1 -timeout 30m "$@"
done
