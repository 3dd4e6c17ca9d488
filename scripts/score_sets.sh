#!/usr/bin/env bash
# The scorer's TOTAL line for the seeds and every excerpt set, then the corpus check: the
# figures of docs/quality.md. Usage: scripts/score_sets.sh [path to the CLI]
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-target/release/healthreport}
[ -x "$BIN" ] || cargo build --release -q
echo "== seeds"
python3 scripts/score_offline.py --bin "$BIN" --docs ../shared/seeds --gold ../shared/gold | grep TOTAL
E=tests/fixtures/excerpts
for s in tune holdout set2/tune set2/holdout set3/holdout set4/holdout set5/holdout set6/holdout set7/holdout; do
  echo "== $s"
  python3 scripts/score_offline.py --bin "$BIN" --docs "$E/$s/docs" --gold "$E/$s/gold" | grep TOTAL
done
python3 scripts/corpus_check.py | tail -2
