#!/usr/bin/env bash
# Fails when git tracks build output: a compiled binary (ELF, Mach-O, PE or
# wasm magic bytes) anywhere, or any file over 1 MiB outside testdata/.
# Binaries belong under ignored paths (bin/, ~/.cache).
set -euo pipefail
cd "$(dirname "$0")/.."
bad=0
while IFS= read -r -d '' f; do
  [ -f "$f" ] || continue
  magic=$(head -c 4 "$f" | od -An -tx1 | tr -d ' \n')
  case "$magic" in
    7f454c46* | 4d5a* | cffaedfe* | cefaedfe* | feedface* | feedfacf* | cafebabe* | 0061736d*)
      echo "tracked binary: $f (magic $magic); git rm --cached it and build into bin/" >&2
      bad=1
      continue
      ;;
  esac
  case "$f" in */testdata/* | testdata/*) continue ;; esac
  size=$(stat -c %s "$f" 2>/dev/null || stat -f %z "$f")
  if [ "$size" -gt 1048576 ]; then
    echo "tracked file over 1 MiB: $f ($size bytes)" >&2
    bad=1
  fi
done < <(git ls-files -z)
[ "$bad" -eq 0 ] && echo "no tracked binaries or files over 1 MiB"
exit "$bad"
