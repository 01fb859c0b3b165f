#!/usr/bin/env bash
# Runs one benchmark by name, or all of them, printing one JSON line each with its figures and the
# baseline measured in the same run. Results and how to read them: docs/performance.md.
#   bench/run.sh                  # all of them (the access and erasure runs load millions of rows: about 30 min)
#   bench/run.sh vault-writes     # durable record writes vs raw SQLite inserts (flags go to `steward bench`)
#   bench/run.sh decisions-http   # batch decisions over HTTP on loopback
#   bench/run.sh access           # access requests over 1,000,000 subjects and two external stores
#   bench/run.sh erasure          # erasing 10 vs 10,000 records; a sweep over 1,000,000 expired records
#   bench/run.sh reports          # the California categories report over 1,000,000 records and 100,000 disclosures
#   bench/run.sh decisions [SECONDS [ITERATIONS]]  # in-process decisions vs cedar-java and SAPL under JMH
#   bench/run.sh postgres         # on a throwaway PostgreSQL: vault writes by 1, 2 and 4 nodes against raw
#                                 # inserts, the sweep over 1,000,000 records, coherence delay between two nodes
#   bench/run.sh --tiny           # every benchmark at a tiny size, in seconds: .ci/run uses it so none can rot
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
# The servers a benchmark starts log at WARN: one INFO line per request written to a terminal would
# measure the terminal. Set STEWARD_LOG_LEVEL=INFO to measure with request logs.
export STEWARD_LOG_LEVEL="${STEWARD_LOG_LEVEL:-WARN}"

decisions() {
  # The peers live in their own Maven project so that their dependencies never enter Steward's build.
  (cd "$root" && mvn -q -B -DskipTests install) >&2
  (cd "$here/decisions" && mvn -q -B package) >&2
  (cd "$root" && java -cp "$here/decisions/target/classes:$(cat "$here/decisions/target/classpath.txt")" \
      dev.steward.bench.decisions.DecisionBenchMain "$@" 2>/dev/null | grep '^{')
}

# shellcheck source=bench/postgres.sh
. "$here/postgres.sh"

postgres() {
  # vault-writes [CLIENTS SECONDS ROUNDS] sweep-subjects coherence-samples, each on a fresh database
  local clients="${1:-256}" seconds="${2:-5}" rounds="${3:-3}" sweep="${4:-100000}" samples="${5:-500}"
  "$root/steward" --version >/dev/null || return 1  # builds the jar first
  pg_start || return 1
  for nodes in 1 2 4; do
    "$root/steward" bench vault-writes --json --db "$(pg_fresh)" --nodes "$nodes" --clients "$clients" \
        --seconds "$seconds" --rounds "$rounds" || return 1
  done
  "$root/steward" bench erasure --json --db "$(pg_fresh)" --samples 5 --sweep-subjects "$sweep" || return 1
  "$root/steward" bench coherence --json --db "$(pg_fresh)" --samples "$samples" || return 1
  pg_stop
}

run() {
  local name="$1"; shift
  case "$name" in
    decisions) decisions "$@" ;;
    postgres) postgres "$@" ;;
    *) "$root/steward" bench "$name" --json "$@" ;;
  esac
}

tiny() {
  # Each must print its JSON line; a benchmark that fails or prints nothing fails the run.
  local line
  for args in "vault-writes --rounds 1 --seconds 1 --clients 8" "decisions-http --seconds 1 --clients 2 --batch 50" \
              "access --subjects 2000 --samples 5" "erasure --samples 3 --sweep-subjects 200" "decisions 1 1" \
              "reports --records 2000 --disclosures 200 --samples 3" \
              "postgres 8 1 1 200 20"; do
    # shellcheck disable=SC2086
    line="$(run $args | tail -n 1)"
    case "$line" in
      '{'*) echo "$line" ;;
      *) echo "benchmark '$args' printed no result" >&2; exit 1 ;;
    esac
  done
}

if [ "${1:-}" = "--tiny" ]; then
  tiny
elif [ $# -eq 0 ]; then
  for name in vault-writes decisions-http decisions access erasure reports postgres; do run "$name"; done
else
  run "$@"
fi
