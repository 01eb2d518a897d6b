#!/usr/bin/env bash
# The test command: builds and runs the whole suite (xunit.v3 through Microsoft.Testing.Platform) and ends
# with one plain line "tests: N passed, N failed[, N skipped]". Extra arguments go to `dotnet test`.
set -uo pipefail
cd "$(dirname "$0")"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
dotnet test -c Release "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
total=$(grep -E '^\s*total:' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -E '^\s*failed:' "$log" | awk '{s+=$2} END {print s+0}')
passed=$(grep -E '^\s*succeeded:' "$log" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -E '^\s*skipped:' "$log" | awk '{s+=$2} END {print s+0}')
if [ "$total" -eq 0 ] && [ "$status" -eq 0 ]; then echo "no tests ran"; status=1; fi
echo "tests: $passed passed, $failed failed, $skipped skipped"
exit "$status"
