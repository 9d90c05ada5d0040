#!/usr/bin/env bash
# `make generate`: renders docs/ from templates/ and examples/ with
# tfplugindocs, offline: the schema comes from `providers schema -json` of the
# locally built provider instead of a downloaded Terraform.
#   generate.sh          regenerate docs/
#   generate.sh --check  regenerate, then fail if docs/ changed, and validate
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
tfplugindocs=$("$here/tools.sh" tfplugindocs)
cli=$("$here/clis.sh" --first)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# shellcheck source=dev-overrides.sh
. "$here/dev-overrides.sh"
dev_overrides_setup "$work"
mkdir -p "$work/schema"
cat >"$work/schema/main.tf" <<'HCL'
terraform {
  required_providers {
    liquidcommerce = {
      source = "liquidcommerce/liquidcommerce"
    }
  }
}
HCL
(cd "$work/schema" && "$cli" providers schema -json) \
  | sed -E 's#"registry\.(terraform\.io|opentofu\.org)/liquidcommerce/liquidcommerce"#"liquidcommerce"#' >"$work/schema.json"
grep -q '"liquidcommerce"' "$work/schema.json" || { echo "the provider schema has no liquidcommerce key" >&2; exit 1; }

cd "$root"
"$tfplugindocs" generate --provider-name liquidcommerce --rendered-provider-name LiquidCommerce \
  --providers-schema "$work/schema.json"

if [ "${1:-}" = "--check" ]; then
  "$tfplugindocs" validate --provider-name liquidcommerce --providers-schema "$work/schema.json"
  untracked=$(git ls-files --others --exclude-standard -- docs)
  if ! git diff --quiet -- docs || [ -n "$untracked" ]; then
    git diff --stat -- docs >&2
    [ -z "$untracked" ] || echo "new files: $untracked" >&2
    echo "docs/ is out of date: run make generate and commit the result" >&2
    exit 1
  fi
  echo "docs/ is up to date and valid"
fi
