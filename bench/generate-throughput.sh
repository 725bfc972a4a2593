#!/usr/bin/env bash
# Generator throughput into the local broker: `mlcycle generate` end to end (generation, the Kafka
# producer with acks=all and idempotence, the broker writing to disk), as a user runs it.
#
#   bench/generate-throughput.sh [events=1000000] [runs=3] [labels=delayed]
#
# Starts `mlcycle up` on free ports with a fresh data directory, runs `generate` `runs` times with
# 1 % malformed records and a covariate shift, prints events/s and records/s of each run (wall
# time of the whole command, JVM start included), then stops the broker. A measurement, not a test.
set -euo pipefail
cd "$(dirname "$0")/.."

events="${1:-1000000}"
runs="${2:-3}"
labels="${3:-delayed}"

./mlcycle --version >/dev/null   # builds on first use
data="$(mktemp -d -t mlcycle-bench.XXXXXX)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
cport="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
# SIGTERM, not SIGINT, stops it below: a background job of a script ignores SIGINT.
MLCYCLE_SKIP_BUILD=1 ./mlcycle up --data-dir "$data" --kafka-port "$port" --controller-port "$cport" >"$data/up.log" 2>&1 &
up=$!
trap 'kill -TERM $up 2>/dev/null; wait $up 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 120); do grep -q "Press Ctrl-C" "$data/up.log" && break; sleep 0.5; done
grep -q "Press Ctrl-C" "$data/up.log" || { cat "$data/up.log"; exit 1; }
grep "Kafka " "$data/up.log"

echo "events=$events labels=$labels runs=$runs (cores: $(nproc))"
for i in $(seq 1 "$runs"); do
  start=$(date +%s.%N)
  MLCYCLE_SKIP_BUILD=1 ./mlcycle generate --data-dir "$data" --bootstrap "127.0.0.1:$port" \
      --events "$events" --labels "$labels" --malformed 0.01 --seed "$i" \
      --scenario covariate:at=50%,features=income,size=1 2>/dev/null >"$data/gen.out"
  end=$(date +%s.%N)
  records=$(python3 -c "import json;m=json.load(open('$data/generated/credit-seed$i.manifest.json'));print(m['counts']['records_total'])")
  python3 - "$start" "$end" "$events" "$records" "$i" <<'PY'
import sys
start, end, events, records, i = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
s = end - start
print(f"run {i}: {s:6.2f} s  {events/s:>10,.0f} events/s  {records/s:>10,.0f} records/s  ({records:,} records)")
PY
done
pid=$(pgrep -f "BrokerMain.*$data" | head -1 || true)
if [ -n "$pid" ]; then
  echo "broker RSS after the runs: $(awk '/VmRSS/{printf "%.0f MB", $2/1024}' /proc/$pid/status)"
fi
