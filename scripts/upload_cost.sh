#!/usr/bin/env bash
# What one upload costs under load: CPU of the service and of PostgreSQL per
# upload (from /proc, over a scripts/bench_uploads.sh run) and WAL written per
# upload (pg_current_wal_lsn before and after).
#
#   scripts/upload_cost.sh [service-url] [database-url] [seconds] [connections]
#
# PostgreSQL's CPU is summed over its processes alive at both ends of the run
# (the service's pooled connections, the WAL writer, the checkpointer); a backend
# that starts and ends inside the run is not counted.
set -euo pipefail
svc=${1:-http://127.0.0.1:8080}
db=${2:-postgres://postgres@127.0.0.1:5432/healthreport}
secs=${3:-20}
conns=${4:-4}
here=$(cd "$(dirname "$0")/.." && pwd)
pid=$(pgrep -f "healthreport serve" | head -n 1)
ticks() { awk '{print $14 + $15}' /proc/"$1"/stat 2>/dev/null || echo 0; }
pg_ticks() { local s=0; for p in $(pgrep -u postgres); do s=$((s + $(ticks "$p"))); done; echo "$s"; }
hz=$(getconf CLK_TCK)
svc0=$(ticks "$pid"); pg0=$(pg_ticks); wal0=$(psql "$db" -Atc "SELECT pg_current_wal_lsn()")
out=$("$here/scripts/bench_uploads.sh" "$svc" "$secs" "$conns")
svc1=$(ticks "$pid"); pg1=$(pg_ticks); wal1=$(psql "$db" -Atc "SELECT pg_current_wal_lsn()")
echo "$out" | grep -E "50%|99%|requests in|Requests/sec|Non-2xx|Socket"
n=$(echo "$out" | awk '/requests in/ {print $1}')
awk -v s=$((svc1 - svc0)) -v p=$((pg1 - pg0)) -v n="$n" -v hz="$hz" \
  'BEGIN { printf "per upload: service CPU %.2f ms, PostgreSQL CPU %.2f ms\n", s * 1000 / hz / n, p * 1000 / hz / n }'
psql "$db" -Atc "SELECT 'per upload: WAL ' || round(pg_wal_lsn_diff('$wal1', '$wal0') / $n / 1024) || ' KB'"
