#!/usr/bin/env bash
# A long fuzz run of the CN (FuzzIT with bigger sizes): mutated SQL and garbled protocol sessions against an
# in-process CN over the test MariaDB instances. Asserts what FuzzIT asserts (server alive, fresh logins work, every
# error a MySQL errno without Java internals, no unanswered command, bounded heap) and prints the counts.
#
#   tests/fuzz/fuzz.sh [--minutes N] [--statements N] [--sessions N] [--seed S]
#
# --minutes repeats rounds of (statements, sessions) until N minutes have passed; without it one round runs.
# Defaults: 20000 statements, 2000 sessions, seed 20261207. Extra Maven arguments can be given in MVN_ARGS (e.g. -o).
set -euo pipefail
cd "$(dirname "$0")/../.."
minutes=0 statements=20000 sessions=2000 seed=20261207
while [ $# -gt 0 ]; do
    case "$1" in
        --minutes) minutes="$2"; shift 2 ;;
        --statements) statements="$2"; shift 2 ;;
        --sessions) sessions="$2"; shift 2 ;;
        --seed) seed="$2"; shift 2 ;;
        *) echo "usage: $0 [--minutes N] [--statements N] [--sessions N] [--seed S]" >&2; exit 2 ;;
    esac
done
status=0
mvn -q -B ${MVN_ARGS:-} verify -pl tests -am -Dit.test=FuzzIT -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
    -Dfailsafe.failIfNoSpecifiedTests=false -Dfuzz.minutes="$minutes" -Dfuzz.statements="$statements" \
    -Dfuzz.sessions="$sessions" -Dfuzz.seed="$seed" || status=$?
echo "== fuzz summary (tests/target/fuzz-summary.txt)"
cat tests/target/fuzz-summary.txt 2>/dev/null || echo "no summary: the run failed before the end; see tests/target/failsafe-reports"
exit "$status"
