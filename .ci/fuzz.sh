#!/usr/bin/env bash
# Runs every Go fuzz test of the repository alone, each for FUZZTIME
# (default 30s), and prints a table: package, fuzz test, executions, result.
# The fuzz tests are found, not listed: every "func FuzzX(f *testing.F)" in
# a _test.go file under the directories given (default: the whole module).
# It fails when any fails; go test has then written the failing input under
# the package's testdata/fuzz/FuzzX/, to commit as a regression case.
#
# Usage: FUZZTIME=60s .ci/fuzz.sh [dir...]
set -euo pipefail
cd "$(dirname "$0")/.."
fuzztime="${FUZZTIME:-30s}"
[ "$#" -gt 0 ] || set -- .

targets=$(grep -rEo --include='*_test.go' '^func Fuzz[A-Za-z0-9_]*\([A-Za-z_][A-Za-z0-9_]* \*testing\.F\)' "$@" |
  sed -E 's/^(.*)\/[^/]*:func (Fuzz[A-Za-z0-9_]*)\(.*$/\1 \2/' | sort -u)
[ -n "$targets" ] || { echo "no fuzz tests under $*" >&2; exit 1; }

logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
status=0
rows=()
while read -r dir name; do
  pkg=$(go list "./${dir#./}")
  log="$logs/$name.log"
  echo "==> $pkg $name for $fuzztime" >&2
  # The engine sometimes stops a worker stalled at the deadline and reports
  # "context deadline exceeded" without a failing input: that is no finding,
  # so such a run is tried once more. A failing input always fails.
  if go test "./${dir#./}" -run '^$' -fuzz "^$name\$" -fuzztime "$fuzztime" >"$log" 2>&1 ||
    { ! grep -q 'Failing input written to' "$log" && grep -q 'context deadline exceeded' "$log" &&
      echo "    $name: the engine stopped at its deadline without a failing input; once more" >&2 &&
      go test "./${dir#./}" -run '^$' -fuzz "^$name\$" -fuzztime "$fuzztime" >"$log" 2>&1; }; then
    result=ok
  else
    result=FAIL
    status=1
    tail -n 40 "$log" >&2
  fi
  # The last progress line, "fuzz: elapsed: 30s, execs: 123456 (4115/sec), ...".
  execs=$(grep -Eo 'execs: [0-9]+' "$log" | tail -n 1 | grep -Eo '[0-9]+' || echo "-")
  rows+=("$pkg|$name|$execs|$result")
done <<<"$targets"

printf '%s\n' "package|fuzz test|executions|result" "${rows[@]}" | awk -F'|' '
  { for (i = 1; i <= NF; i++) { cell[NR, i] = $i; if (length($i) > w[i]) w[i] = length($i) } }
  END { for (r = 1; r <= NR; r++) for (i = 1; i <= 4; i++) printf("%-" w[i] "s%s", cell[r, i], i < 4 ? "  " : "\n") }'
exit "$status"
