# Shared by the ingest benchmarks; source it from the repository root. Background processes are stopped
# with SIGTERM: a background job of a script ignores SIGINT.

INGEST_JAR=ingest-service/target/quarkus-app/quarkus-run.jar
CLI_LIB=mlcycle-cli/target/lib
NODE_DIR=e2e/src/test/node

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

machine() {
  echo "machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(awk '/MemTotal/{printf "%.0f GB", $2/1048576}' /proc/meminfo) RAM, $(java -version 2>&1 | head -1)"
}

# Builds what is missing: the CLI (through the launcher) and the ingest-service fast-jar.
ensure_built() {
  ./mlcycle --version >/dev/null
  if [ ! -f "$INGEST_JAR" ]; then
    echo "building ingest-service ..." >&2
    ./mvnw -B -q -pl ingest-service -am package -DskipTests
  fi
}

# start_broker DATA PORT CPORT DATASET: `mlcycle up --no-ingest` in the background; sets UP_PID.
start_broker() {
  local data="$1" port="$2" cport="$3" dataset="$4" no_ingest=""
  if MLCYCLE_SKIP_BUILD=1 ./mlcycle up --help 2>/dev/null | grep -q -- '--no-ingest'; then no_ingest="--no-ingest"; fi
  MLCYCLE_SKIP_BUILD=1 ./mlcycle up $no_ingest --data-dir "$data" --kafka-port "$port" --controller-port "$cport" \
      --dataset "$dataset" >"$data/up.log" 2>&1 &
  UP_PID=$!
  for _ in $(seq 1 240); do grep -q "Press Ctrl-C" "$data/up.log" && break; sleep 0.5; done
  grep -q "Press Ctrl-C" "$data/up.log" || { cat "$data/up.log"; return 1; }
}

# snapshot_ingest DIR: copies the built service (its quarkus-app) to DIR, so that a rebuild during the
# benchmark cannot pull its jars away; later start_ingest calls run that copy.
snapshot_ingest() {
  cp -r "$(dirname "$INGEST_JAR")" "$1/ingest-app"
  INGEST_RUN_JAR="$1/ingest-app/quarkus-run.jar"
}

# start_ingest DATA BOOTSTRAP PORT DATASET HEAP LOG [VAR=VALUE ...]: the packaged service in the
# background with the JVM options `mlcycle up` gives it, config as shipped plus the given overrides;
# sets INGEST_PID. INGEST_JAVA_OPTS adds JVM options (a profiler:
# -XX:StartFlightRecording=filename=ingest.jfr,settings=profile); INGEST_JAVA picks another java.
start_ingest() {
  local data="$1" bootstrap="$2" port="$3" dataset="$4" heap="$5" log="$6"
  shift 6
  env MLCYCLE_DATA_DIR="$data" MLCYCLE_KAFKA_BOOTSTRAP="$bootstrap" QUARKUS_HTTP_PORT="$port" \
      QUARKUS_HTTP_HOST=127.0.0.1 INGEST_DATASETS="$dataset" "$@" \
      "${INGEST_JAVA:-java}" "-Xmx$heap" -XX:+UseParallelGC ${INGEST_JAVA_OPTS:-} -jar "${INGEST_RUN_JAR:-$INGEST_JAR}" >"$log" 2>&1 &
  INGEST_PID=$!
}

# stop PID...: SIGTERM, then wait.
stop() {
  for p in "$@"; do [ -n "$p" ] && kill -TERM "$p" 2>/dev/null || true; done
  for p in "$@"; do [ -n "$p" ] && wait "$p" 2>/dev/null || true; done
}

# wait_ingested PORT PID DATASET EVENTS_END_JSON LABELS_END_JSON: waits for readiness, then until
# /ingest/status reports committed offsets at the given ends for both tables, sampling the process's
# RSS; prints one JSON line {startup_s, events_s, labels_s, both_s, rss_peak, rss_end} (times from ready).
wait_ingested() {
  python3 - "$@" <<'PY'
import json, sys, time, urllib.request
port, pid, dataset = sys.argv[1], int(sys.argv[2]), sys.argv[3]
ends = {"events": json.loads(sys.argv[4]), "labels": json.loads(sys.argv[5])}
def get(path, timeout=1.0):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=timeout) as r:
            return r.status, r.read()
    except Exception:
        return None, None
def proc(field):
    try:
        for line in open(f"/proc/{pid}/status"):
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    except FileNotFoundError:
        sys.exit(f"ingest (pid {pid}) is gone")
    return 0
def committed(t):
    c = t.get("committedOffsets", t.get("committed_offsets")) or {}
    return {str(k): int(v) for k, v in c.items()}
t0 = time.monotonic()
while get("/q/health/ready")[0] != 200:
    proc("VmRSS")
    if time.monotonic() - t0 > 180:
        sys.exit("ingest not ready after 180 s")
    time.sleep(0.05)
ready = time.monotonic()
done, peak, answered = {}, 0, time.monotonic()
totals = {name: sum(o for o in e.values()) for name, e in ends.items()}
timeline = []  # (seconds after ready, committed records per table): where the sustained rates come from
while len(done) < 2:
    if time.monotonic() - ready > 1800:
        sys.exit("ingest did not catch up within 30 min")
    if time.monotonic() - answered > 60:
        sys.exit("ingest has not answered GET /ingest/status for 60 s")
    peak = max(peak, proc("VmRSS"))
    status, body = get("/ingest/status")
    if status == 200:
        answered = time.monotonic()
        point = {}
        for t in json.loads(body).get("tables", []):
            name = t.get("table")
            if t.get("dataset") == dataset and name in ends:
                c = committed(t)
                point[name] = sum(min(c.get(p, 0), o) for p, o in ends[name].items())
                if name not in done and all(c.get(p, 0) >= o for p, o in ends[name].items() if o > 0):
                    done[name] = time.monotonic()
        timeline.append((time.monotonic() - ready, point))
    time.sleep(0.1)
def sustained(names):
    # The rate once the JVM is warm: from the first commit that passes a quarter of the records to the last one.
    total = sum(totals[n] for n in names)
    end = max(done[n] for n in names) - ready
    for t, point in timeline:
        got = sum(point.get(n, 0) for n in names)
        if got >= total / 4 and got < total and t < end:
            return (total - got) / (end - t)
    return None
print(json.dumps({"startup_s": ready - t0, "events_s": done["events"] - ready, "labels_s": done["labels"] - ready,
                  "both_s": max(done.values()) - ready, "events_sustained": sustained(["events"]),
                  "both_sustained": sustained(["events", "labels"]),
                  "rss_peak": max(peak, proc("VmHWM")), "rss_end": proc("VmRSS")}))
PY
}

# plain_consume BOOTSTRAP TOPIC: bench/java/PlainConsumer.java; prints its JSON line.
plain_consume() {
  java -Xmx512m -Dorg.slf4j.simpleLogger.defaultLogLevel=error -cp "$CLI_LIB/*" bench/java/PlainConsumer.java "$1" "$2"
}
