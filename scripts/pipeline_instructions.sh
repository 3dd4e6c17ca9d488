#!/usr/bin/env bash
# Instructions per pipeline iteration (the five seeds, as in `cargo bench --bench
# pipeline`), counted by callgrind inside healthreport::extract::extract only.
# Unlike the benchmark's time, the count does not change with the host's speed or
# its other load, so it shows what a code change did.
#
#   scripts/pipeline_instructions.sh [callgrind-output-file]
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-$(mktemp)}
cargo bench --bench pipeline --no-run 2>/dev/null
bin=$(ls -t target/release/deps/pipeline-* | grep -v '\.d$' | head -n 1)
valgrind --tool=callgrind --toggle-collect='healthreport::extract::extract' --callgrind-out-file="$out" \
  "$bin" --bench --profile-time 2 >/dev/null 2>&1
callgrind_annotate "$out" 2>/dev/null > "$out.self"
callgrind_annotate --inclusive=yes "$out" 2>/dev/null > "$out.inclusive"
total=$(awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}' "$out.self")
# one decode per document per iteration
docs=$(grep -m1 'encoding::decode_text (' "$out.inclusive" | grep -o '([0-9]*x)' | tr -d '()x')
echo "instructions per iteration (5 seeds): $(( total * 5 / docs ))"
