#!/usr/bin/env bash
# Prints the Terraform-compatible CLIs to test with, one path a line:
# TF_ACC_TERRAFORM_PATH alone when it is set; otherwise Terraform when a
# terraform >= 1.10 is on PATH, and always OpenTofu (on PATH, or built from the
# Go module proxy and cached by .ci/tofu.sh). With --first, stops at the first.
set -euo pipefail
first=false
[ "${1:-}" = "--first" ] && first=true
here=$(cd "$(dirname "$0")" && pwd)

if [ -n "${TF_ACC_TERRAFORM_PATH:-}" ]; then
  echo "$TF_ACC_TERRAFORM_PATH"
  exit 0
fi

if tf=$(command -v terraform 2>/dev/null); then
  v=$(TF_CLI_CONFIG_FILE=/dev/null CHECKPOINT_DISABLE=1 "$tf" version -json 2>/dev/null \
    | sed -n 's/.*"terraform_version": *"\([0-9][0-9.]*\).*/\1/p' | sed -n 1p)
  major=${v%%.*}; rest=${v#*.}; minor=${rest%%.*}
  if [ -n "$v" ] && { [ "$major" -gt 1 ] || { [ "$major" -eq 1 ] && [ "$minor" -ge 10 ]; }; }; then
    echo "$tf"
    $first && exit 0
  else
    echo "skipping terraform ${v:-of unknown version} at $tf: ephemeral resources need 1.10+" >&2
  fi
fi

"$here/tofu.sh"
