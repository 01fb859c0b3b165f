#!/usr/bin/env bash
# The crash test at full size: 20 rounds of SIGKILL during concurrent writes against `steward serve` in
# its own process; after each restart every acknowledged write must be present and the audit chain
# must verify. `.ci/run` runs 3 rounds with the tests. Figures: docs/reliability.md.
#   bench/crash.sh [ROUNDS [SEED]]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q verify -Dtest=CrashTest -Dsurefire.failIfNoSpecifiedTests=false -Djacoco.skip=true \
    -Dsteward.crash.rounds="${1:-20}" -Dsteward.crash.seed="${2:-11}" 2>&1 | grep -E "crash test:|FAIL|ERROR" || true
test -f target/surefire-reports/TEST-dev.steward.reliability.CrashTest.xml
! grep -q "<failure\|<error" target/surefire-reports/TEST-dev.steward.reliability.CrashTest.xml
