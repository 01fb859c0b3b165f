#!/usr/bin/env bash
# Runs one benchmark by name, or all of them, printing one JSON line each with its figures and the
# baseline measured in the same run. Results and how to read them: docs/performance.md.
#   bench/run.sh                 # all
#   bench/run.sh vault-writes    # one; extra flags go to `steward bench`, e.g. --clients 512
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
all=(vault-writes)
if [ $# -eq 0 ]; then
  for name in "${all[@]}"; do "$here/../steward" bench "$name" --json; done
else
  name="$1"; shift
  "$here/../steward" bench "$name" --json "$@"
fi
