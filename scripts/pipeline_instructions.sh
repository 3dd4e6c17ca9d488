#!/usr/bin/env bash
# Instructions per pipeline iteration (the five seeds, as in `cargo bench --bench
# pipeline`), counted by callgrind inside healthreport::extract::extract only.
# Unlike the benchmark's time, the count does not change with the host's speed or
# its other load, so it shows what a code change did.
#
# The first call of extract also builds the lazily compiled patterns; how many iterations
# share that one-off cost depends on the host's speed. So two runs of different lengths
# are counted and the per-iteration figure is their difference divided by the difference
# in iterations (one decode per document per iteration).
#
#   scripts/pipeline_instructions.sh [callgrind-output-prefix]
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-$(mktemp)}
cargo bench --bench pipeline --no-run 2>/dev/null
bin=$(ls -t target/release/deps/pipeline-* | grep -v '\.d$' | head -n 1)

# prints "<instructions> <decodes>" for a run of $1 seconds of criterion profiling
count() {
  local f="$out.$1"
  valgrind --tool=callgrind --toggle-collect='healthreport::extract::extract' --callgrind-out-file="$f" \
    "$bin" --bench --profile-time "$1" >/dev/null 2>&1
  callgrind_annotate "$f" 2>/dev/null > "$f.self"
  callgrind_annotate --inclusive=yes "$f" 2>/dev/null > "$f.inclusive"
  local total docs
  total=$(awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}' "$f.self")
  docs=$(grep -m1 '::decode_text (' "$f.inclusive" | grep -o '([0-9]*x)' | tr -d '()x')
  echo "$total $docs"
}
read -r t1 d1 < <(count 1)
read -r t2 d2 < <(count 6)
if (( d2 > d1 )); then
  echo "instructions per iteration (5 seeds): $(( (t2 - t1) * 5 / (d2 - d1) ))  ($(( d1 / 5 )) and $(( d2 / 5 )) iterations; with the one-off start: $(( t1 * 5 / d1 )))"
else
  echo "instructions per iteration (5 seeds): $(( t2 * 5 / d2 ))  (runs of equal length: the one-off start is included)"
fi
