#!/usr/bin/env bash
# Stop and start PostgreSQL during a load of uploads; afterwards check that the
# service recovered by itself and that no report is half-written.
#
#   scripts/chaos_db_restart.sh [service-url] [database-url]
set -euo pipefail
svc=${1:-http://127.0.0.1:8080}
db=${2:-postgres://postgres@127.0.0.1:5432/healthreport}
here=$(cd "$(dirname "$0")/.." && pwd)
version=$(ls /etc/postgresql | sort -V | tail -n 1)
before=$(psql "$db" -Atc "SELECT count(*) FROM reports")
"$here/target/release/examples/generate_load" --service "$svc" --reports 2000 --concurrency 4 --seed "$RANDOM" > /tmp/chaos_load.log 2>&1 &
load=$!
sleep 4
echo "stopping PostgreSQL"
pg_ctlcluster --skip-systemctl-redirect "$version" main stop -m fast
for _ in 1 2 3; do
  printf 'readyz while down: %s\n' "$(curl -s -o /dev/null -w '%{http_code}' "$svc/readyz")"
  sleep 1
done
printf 'healthz while down: %s\n' "$(curl -s -o /dev/null -w '%{http_code}' "$svc/healthz")"
printf 'upload while down: %s\n' "$(curl -s -o /dev/null -w '%{http_code}' -F file=@"$here/tests/fixtures/seeds/002_fe67da7e5e765ee9.txt" "$svc/v1/reports?title=chaos-$RANDOM")"
sleep 4
echo "starting PostgreSQL"
pg_ctlcluster --skip-systemctl-redirect "$version" main start
for i in $(seq 1 30); do
  code=$(curl -s -o /dev/null -w '%{http_code}' "$svc/readyz")
  if [ "$code" = 200 ]; then echo "ready again ${i}s after the restart"; break; fi
  sleep 1
done
wait "$load" || true
tail -n 1 /tmp/chaos_load.log
echo "uploads refused while the database was down: $(grep -c ' 503 ' /tmp/chaos_load.log || true)"
after=$(psql "$db" -Atc "SELECT count(*) FROM reports")
sent=$(tail -n 1 /tmp/chaos_load.log | awk '{print $1}')
refused=$(tail -n 1 /tmp/chaos_load.log | awk '{print $(NF-1)}')
echo "reports before: $before, after: $after; the load sent $sent and was refused $refused"
echo "expected after: $((before + sent - refused)) (every accepted upload stored, no refused one)"
psql "$db" -Atc "SELECT 'reports without their original: ' || count(*) FROM reports r WHERE NOT EXISTS (SELECT 1 FROM report_originals o WHERE o.report_id = r.id)"
# every generated variant has sections, observations and issues: a report missing
# any of them would be half-written
psql "$db" -Atc "SELECT 'reports missing sections, observations or issues (half-written): ' || count(*) FROM reports r WHERE seq > (SELECT max(seq) - 3000 FROM reports) AND (NOT EXISTS (SELECT 1 FROM sections s WHERE s.report_id = r.id) OR NOT EXISTS (SELECT 1 FROM observations o WHERE o.report_id = r.id) OR NOT EXISTS (SELECT 1 FROM issues i WHERE i.report_id = r.id))"
printf 'an upload after recovery: %s\n' "$(curl -s -o /dev/null -w '%{http_code}' -F file=@"$here/tests/fixtures/seeds/003_0111f2b5f4a14242.txt" "$svc/v1/reports?title=after-$RANDOM")"
