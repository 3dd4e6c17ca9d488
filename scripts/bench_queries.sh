#!/usr/bin/env bash
# Latency of the query endpoints under load (wrk), and of the same SQL run bare
# (pgbench), against a database loaded by examples/generate_load.rs.
#
#   scripts/bench_queries.sh [service-url] [database-url] [seconds]
#
# Every request picks random regions (of those with reports), indicators and
# search terms, so caches do not flatter the figures.
set -euo pipefail
svc=${1:-http://127.0.0.1:8080}
db=${2:-postgres://postgres@127.0.0.1:5432/hr_bench}
secs=${3:-20}
conns=${CONNS:-4}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

regions=$(psql "$db" -Atc "SELECT string_agg(quote_literal(region_code), ',') FROM (SELECT region_code FROM reports WHERE region_code IS NOT NULL GROUP BY 1 ORDER BY random() LIMIT 300) t")
keys="'drug_share','clinical_pathway_share','family_doctor_contract_coverage','tuberculosis_cases','community_health_centers','reimbursement_ratio'"
terms="'人才','信息化','财政投入','医保','基层','不足','滞后','短板','债务','监管','签约','平台'"

cat > "$work/series.lua" <<EOF
local regions = {$regions}
local keys = {$keys}
math.randomseed(os.time())
request = function()
  local k = keys[math.random(#keys)]
  local a = regions[math.random(#regions)]
  local b = regions[math.random(#regions)]
  return wrk.format("GET", "/v1/indicators/" .. k .. "/series?region=" .. a .. "&region=" .. b)
end
EOF
cat > "$work/issues.lua" <<EOF
local regions = {$regions}
local terms = {$terms}
math.randomseed(os.time() + 1)
local function enc(s) return (s:gsub("[^%w]", function(c) return string.format("%%%02X", string.byte(c)) end)) end
request = function()
  local t = terms[math.random(#terms)]
  local path = "/v1/issues?limit=50&q=" .. enc(t)
  if math.random(2) == 1 then path = path .. "&region=" .. regions[math.random(#regions)] end
  return wrk.format("GET", path)
end
EOF

run() {
  echo "### $1"
  shift
  wrk -t2 -c"$conns" -d"${secs}s" --latency "$@" | grep -E "Latency  |  50%|  90%|  99%|Requests/sec|Non-2xx|Socket errors"
}
run "series (2 random regions, random indicator)" -s "$work/series.lua" "$svc"
run "issue search (random term, half with a region)" -s "$work/issues.lua" "$svc"
run "catalogue" "$svc/v1/indicators"

# The same SQL, bare.
psql "$db" -qc "DROP TABLE IF EXISTS bench_regions; CREATE TABLE bench_regions AS SELECT row_number() OVER () AS i, code FROM unnest(ARRAY[$regions]) AS code;
                DROP TABLE IF EXISTS bench_terms; CREATE TABLE bench_terms AS SELECT row_number() OVER () AS i, t FROM unnest(ARRAY[$terms]) AS t;"
nreg=$(psql "$db" -Atc "SELECT count(*) FROM bench_regions")
cat > "$work/series.sql" <<EOF
\set a random(1, $nreg)
\set b random(1, $nreg)
SELECT o.id, o.report_id, o.report_seq, r.title, r.year, o.region_code, o.name, o.value, o.unit, o.kind, o.year, o.evidence
FROM observations o JOIN reports r ON r.id = o.report_id
WHERE o.indicator_key = 'drug_share' AND o.kind = 'value' AND o.region_code IS NOT NULL
  AND o.region_code = ANY(ARRAY[(SELECT code FROM bench_regions WHERE i = :a), (SELECT code FROM bench_regions WHERE i = :b)])
ORDER BY o.region_code, o.year, o.report_seq DESC, o.id LIMIT 10001;
EOF
cat > "$work/issues.sql" <<EOF
\set t random(1, 12)
SELECT i.id, r.title, i.text FROM (SELECT * FROM issues ORDER BY id DESC LIMIT 5000) i JOIN reports r ON r.id = i.report_id
WHERE lower(i.text) LIKE '%' || (SELECT t FROM bench_terms WHERE i = :t) || '%' ORDER BY i.id DESC LIMIT 51;
EOF
cat > "$work/catalogue.sql" <<EOF
SELECT y.indicator_key, y.observations, coalesce(t.regions, 0), y.first_year, y.last_year
FROM (SELECT indicator_key, sum(n)::bigint AS observations, min(NULLIF(year, 0)) AS first_year, max(NULLIF(year, 0)) AS last_year
      FROM indicator_year_stats GROUP BY indicator_key) y LEFT JOIN indicator_totals t USING (indicator_key);
EOF
for q in series issues catalogue; do
  echo "### bare SQL: $q (pgbench, $conns clients)"
  pgbench -n -c "$conns" -j 2 -T "$secs" -P 0 -r -f "$work/$q.sql" "$db" 2>/dev/null | grep -E "latency average|tps =" || true
  pgbench -n -c "$conns" -j 2 -T 5 --log --log-prefix="$work/pg_$q" -f "$work/$q.sql" "$db" >/dev/null 2>&1 || true
  cat "$work"/pg_"$q".* 2>/dev/null | awk '{print $3}' | sort -n | awk '{a[NR]=$1} END {if (NR) printf "  p50 %.2f ms  p99 %.2f ms (%d transactions)\n", a[int(NR*0.5)]/1000, a[int(NR*0.99)]/1000, NR}'
done
psql "$db" -qc "DROP TABLE bench_regions; DROP TABLE bench_terms;"
