#!/usr/bin/env bash
# Sustained uploads of a 26 KB report (seed 004), every request a distinct document
# (a counter is appended), with wrk; the service's RSS sampled during the run.
#
#   scripts/bench_uploads.sh [service-url] [seconds] [connections]
set -euo pipefail
svc=${1:-http://127.0.0.1:8080}
secs=${2:-60}
conns=${3:-8}
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/upload.lua" <<LUA
local f = io.open("$here/tests/fixtures/seeds/004_94d030473e1b72c7.txt", "rb")
local doc = f:read("*a")
f:close()
local n = 0
-- each wrk thread gets its own id (an unseeded math.random would give every
-- thread the same tag, and half the uploads would be duplicates)
local threads = 0
local run = tostring(os.time())
setup = function(thread)
  threads = threads + 1
  thread:set("tag", run .. "-" .. threads)
end
request = function()
  n = n + 1
  return wrk.format("POST", "/v1/reports?filename=load.txt", {["Content-Type"] = "text/plain; charset=utf-8"}, doc .. "\n" .. tag .. "-" .. n .. "\n")
end
LUA
pid=$(pgrep -f "healthreport serve" | head -n 1)
(
  peak=0
  for _ in $(seq 1 $((secs + 3))); do
    r=$(awk '/VmRSS/ {print $2}' /proc/"$pid"/status 2>/dev/null || echo 0)
    [ "$r" -gt "$peak" ] && peak=$r
    echo "$peak" > "$work/peak"
    sleep 1
  done
) &
sampler=$!
threads=$(( conns < 2 ? conns : 2 ))
wrk -t"$threads" -c"$conns" -d"${secs}s" --timeout 10s --latency -s "$work/upload.lua" "$svc"
wait "$sampler" 2>/dev/null || true
echo "service peak RSS: $(( $(cat "$work/peak" 2>/dev/null || echo 0) / 1024 )) MB"
