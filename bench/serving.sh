#!/usr/bin/env bash
# Serving benchmarks, in one run on one machine (a measurement, not a test):
#   1. one-row Open Inference Protocol requests (wrk + bench/serving/oip-credit.lua, 2 threads, C connections)
#      against serving-service answering the logistic-regression champion of credit-default;
#   2. the same requests against POST /bench/constant on the same service (serving.bench.constant-endpoint=true):
#      Quarkus reading the body and answering a constant body of a one-row response's size, the floor;
#   3. the peer: scikit-learn's logistic regression behind Flask + gunicorn (2 workers), ../shared/peers'
#      sklearn_oip_server.py with its own wrk script (one row of 20 FP64 features);
#   4. a 300-tree XGBoost version at 64 connections with batching on (as shipped) and off (max-batch-rows 1);
#   5. batch scoring rows/s when `mlcycle score` exists.
#
#   bench/serving.sh [duration=10s] [connections=16] [events=50000]
#
# Each serving start is warmed with 30 s of one-row requests (the JIT is still compiling the request path for
# about the first 20-30 s: measured 223 us of CPU per request in the first 15 s against 86 after), and each run
# with 10 s of its own requests first. For serving runs it also prints the CPU time of the serving process per
# request (utime+stime from /proc over the run, divided by the requests), steadier than requests/s on a shared
# machine.
#
# Starts `mlcycle up --no-serving` on free ports with a fresh data directory, generates `events` credit events,
# trains the champion, then runs serving-service's packaged jar itself (so it can restart it with other settings).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

duration="${1:-10s}"
conns="${2:-16}"
events="${3:-50000}"
SERVING_JAR="${SERVING_JAR:-serving-service/target/quarkus-app/quarkus-run.jar}"  # another build to compare: SERVING_JAR=/path/quarkus-run.jar
PEERS="$(cd .. && pwd)/shared/peers"

command -v wrk >/dev/null || { echo "wrk is missing: apt-get update && apt-get install -y wrk" >&2; exit 2; }
ensure_built
[ -f "$SERVING_JAR" ] || ./mvnw -B -q -pl serving-service -am package -DskipTests

data="$(mktemp -d -t mlcycle-bench-serving.XXXXXX)"
kafka=$(free_port); ctrl=$(free_port); ingest=$(free_port); training=$(free_port); serving=$(free_port); peer=$(free_port)
UP_PID=""; SERVING_PID=""; PEER_PID=""
cleanup() {
  for p in $SERVING_PID $PEER_PID $UP_PID; do kill -TERM "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$data"
}
trap cleanup EXIT
machine

MLCYCLE_SKIP_BUILD=1 ./mlcycle up --no-serving --data-dir "$data" --kafka-port "$kafka" --controller-port "$ctrl" \
    --ingest-port "$ingest" --training-port "$training" --dataset credit >"$data/up.log" 2>&1 &
UP_PID=$!
for _ in $(seq 1 480); do grep -q "Press Ctrl-C" "$data/up.log" && break; sleep 0.5; done
grep -q "Press Ctrl-C" "$data/up.log" || { cat "$data/up.log"; exit 1; }
boot="127.0.0.1:$kafka"
MLCYCLE_SKIP_BUILD=1 ./mlcycle generate --bootstrap "$boot" --data-dir "$data" --events "$events" --seed 1 >/dev/null
# XGBoost first, so that it registers as v1 with no champion to beat; logistic regression then beats it on ROC-AUC
# and becomes the champion v2.
MLCYCLE_SKIP_BUILD=1 ./mlcycle train --model credit-default --training-url "http://127.0.0.1:$training" \
    --data-dir "$data" --algorithm xgboost --param trees=300 | grep -E "registered|REJECTED|FAILED" || true
MLCYCLE_SKIP_BUILD=1 ./mlcycle train --model credit-default --training-url "http://127.0.0.1:$training" \
    --data-dir "$data" | grep -E "registered|REJECTED|FAILED" || true
xgb=1
# v1 as the challenger: loaded at every start of serving (no traffic under the default rollout), so /versions/1
# answers after the restarts below too.
curl -sf -X POST -H "Authorization: Bearer $(cat "$data/admin-token")" -H 'Content-Type: application/json' \
    -d '{"version": 1, "alias": "challenger", "reason": "bench"}' \
    "http://127.0.0.1:$training/models/credit-default/promote" >/dev/null || echo "could not make v1 the challenger"

start_serving() { # extra env assignments as arguments
  cp -r "$(dirname "$SERVING_JAR")" "$data/serving-app" 2>/dev/null || true
  env MLCYCLE_DATA_DIR="$data" MLCYCLE_KAFKA_BOOTSTRAP="$boot" QUARKUS_HTTP_PORT="$serving" QUARKUS_HTTP_HOST=127.0.0.1 \
      SERVING_BENCH_CONSTANT_ENDPOINT=true "$@" \
      java -Xmx1g -jar "$data/serving-app/quarkus-run.jar" >"$data/serving.log" 2>&1 &
  SERVING_PID=$!
  for _ in $(seq 1 240); do
    curl -sf "http://127.0.0.1:$serving/v2/models/credit-default/ready" >/dev/null && return 0; sleep 0.5
  done
  tail -50 "$data/serving.log"; return 1
}
stop_serving() { kill -TERM "$SERVING_PID"; wait "$SERVING_PID" 2>/dev/null || true; SERVING_PID=""; }

cpu_ticks() { # PID: utime+stime in clock ticks, or nothing
  if [ -n "${1:-}" ] && [ -r "/proc/$1/stat" ]; then awk '{print $14+$15}' "/proc/$1/stat"; fi
}

run_wrk() { # label url script connections [pid whose CPU per request to report]
  local label="$1" url="$2" script="$3" c="$4" pid="${5:-}"
  wrk -t2 -c"$c" -d10s -s "$script" "$url" >/dev/null            # warm-up: JIT, connections
  local t0; t0="$(cpu_ticks "$pid")"
  local out; out="$(wrk -t2 -c"$c" -d"$duration" --latency -s "$script" "$url")"
  local t1; t1="$(cpu_ticks "$pid")"
  local rps p50 p99 cpu=""
  rps="$(awk '/Requests\/sec/{print $2}' <<<"$out")"
  p50="$(awk '$1=="50%"{print $2}' <<<"$out")"; p99="$(awk '$1=="99%"{print $2}' <<<"$out")"
  if [ -n "$t0" ] && [ -n "$t1" ]; then
    cpu="$(python3 -c "import sys; t=(int(sys.argv[2])-int(sys.argv[1]))/$(getconf CLK_TCK); n=int(sys.argv[3]); print(f'  cpu {t*1e6/max(n,1):6.1f} us/req')" \
        "$t0" "$t1" "$(awk '/requests in/{print $1}' <<<"$out")")"
  fi
  local errors; errors="$(grep -E "Non-2xx|Socket errors" <<<"$out" || true)"
  printf '%-44s %10s req/s   p50 %8s   p99 %8s%s %s\n' "$label" "$rps" "$p50" "$p99" "$cpu" "$errors"
  echo "$rps"  >"$data/last-rps"
}

warm_serving() { # 30 s of one-row requests on the champion and 10 s on the constant endpoint after a start
  wrk -t2 -c16 -d30s -s bench/serving/oip-credit.lua "http://127.0.0.1:$serving/v2/models/credit-default/infer" >/dev/null
  wrk -t2 -c16 -d10s -s bench/serving/oip-credit.lua "http://127.0.0.1:$serving/bench/constant" >/dev/null
}

start_serving
warm_serving
echo
echo "== one-row requests, $conns connections, $duration"
run_wrk "serving, logistic regression champion" "http://127.0.0.1:$serving/v2/models/credit-default/infer" \
    bench/serving/oip-credit.lua "$conns" "$SERVING_PID"; lr="$(cat "$data/last-rps")"
run_wrk "bare Quarkus endpoint, constant body" "http://127.0.0.1:$serving/bench/constant" \
    bench/serving/oip-credit.lua "$conns" "$SERVING_PID"; floor="$(cat "$data/last-rps")"

if python3 -c 'import flask, gunicorn, sklearn' 2>/dev/null || pip install -q numpy scikit-learn flask gunicorn >/dev/null 2>&1; then
  (cd "$PEERS" && exec python3 -m gunicorn -w 2 -b "127.0.0.1:$peer" sklearn_oip_server:app) >"$data/peer.log" 2>&1 &
  PEER_PID=$!
  for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$peer/v2/health/ready" >/dev/null && break; sleep 0.5; done
  run_wrk "scikit-learn + Flask + gunicorn (2 workers)" "http://127.0.0.1:$peer/v2/models/m/infer" \
      "$PEERS/oip-request.lua" "$conns"; sk="$(cat "$data/last-rps")"
  kill -TERM "$PEER_PID"; wait "$PEER_PID" 2>/dev/null || true; PEER_PID=""
else
  sk=""; echo "scikit-learn peer skipped: pip could not install flask gunicorn scikit-learn"
fi
python3 - "$lr" "$floor" "${sk:-0}" <<'PY'
import sys
lr, floor, sk = (float(x) for x in sys.argv[1:])
print(f"serving / bare endpoint: {lr / floor:.2f} (goal >= 0.60)")
if sk: print(f"serving / scikit-learn peer: {lr / sk:.1f}x (goal >= 10x)")
PY

run_wrk "serving, LR, 64 connections" "http://127.0.0.1:$serving/v2/models/credit-default/infer" \
    bench/serving/oip-credit.lua 64 "$SERVING_PID"
stop_serving
start_serving SERVING_LOG_ENABLED=false
warm_serving
run_wrk "serving, LR, prediction log off" "http://127.0.0.1:$serving/v2/models/credit-default/infer" \
    bench/serving/oip-credit.lua "$conns" "$SERVING_PID"
stop_serving
start_serving

echo
echo "== XGBoost, 300 trees, 64 connections"
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$serving/v2/models/credit-default/versions/$xgb/ready" >/dev/null && break; sleep 0.5; done
wrk -t2 -c64 -d30s -s bench/serving/oip-credit.lua "http://127.0.0.1:$serving/v2/models/credit-default/versions/$xgb/infer" >/dev/null
run_wrk "XGBoost v$xgb, batching on (as shipped)" "http://127.0.0.1:$serving/v2/models/credit-default/versions/$xgb/infer" \
    bench/serving/oip-credit.lua 64 "$SERVING_PID"; on="$(cat "$data/last-rps")"
stop_serving
start_serving SERVING_BATCHING_MAX_BATCH_ROWS=1 SERVING_BATCHING_MAX_DELAY=0s
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$serving/v2/models/credit-default/versions/$xgb/ready" >/dev/null && break; sleep 0.5; done
wrk -t2 -c64 -d30s -s bench/serving/oip-credit.lua "http://127.0.0.1:$serving/v2/models/credit-default/versions/$xgb/infer" >/dev/null
run_wrk "XGBoost v$xgb, batching off (max-batch-rows 1)" "http://127.0.0.1:$serving/v2/models/credit-default/versions/$xgb/infer" \
    bench/serving/oip-credit.lua 64 "$SERVING_PID"; off="$(cat "$data/last-rps")"
python3 -c "import sys; print(f'batching on / off: {float(sys.argv[1]) / float(sys.argv[2]):.2f}x (goal >= 3x)')" "$on" "$off"
