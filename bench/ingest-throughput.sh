#!/usr/bin/env bash
# Ingest throughput against the floor a plain Kafka consumer sets, on the same topics and broker.
#
#   bench/ingest-throughput.sh [events=1000000] [runs=3] [ingest-heap=1g] [labels=delayed]
#
# Starts `mlcycle up --no-ingest` on free ports with a fresh data directory and streams `events` valid
# events (+1 % malformed) and their labels into it at full speed (seed 1). Then, `runs` times each:
# (labels=delayed: labels on their own topic, ingested alongside the events as in production;
# labels=inline: each event carries its label and the labels topic stays empty, so the events table
# is measured alone, like the plain consumer reading the events topic alone.)
#   (a) bench/java/PlainConsumer.java reads mlcycle.events.credit, then mlcycle.labels.credit, from the
#       beginning to their end offsets with byte-array deserializers, doing nothing else (the floor:
#       fetch and iterate; max.poll.records 5000 as ingest uses, other settings default);
#   (b) ingest-service (the packaged jar, java -Xmx<heap>) starts on a fresh lake (same topics) and
#       ingests both; the clock runs from its readiness until /ingest/status reports committed offsets
#       at the topics' end offsets: for the events table, and for both tables (they run at once). Its
#       resident memory is sampled every 0.1 s (peak, and VmHWM) and read at the end. Config as shipped,
#       except INGEST_FLUSH_IDLE=500ms so that the last commit does not wait out the 5 s idle default
#       (waiting is not throughput). The dead-letter topic keeps the first run's dead letters: later
#       runs find them there and do not send them again (10,000 of 2 million records).
# MALFORMED=F (default 0.01) sets the fraction of malformed records, e.g. MALFORMED=0.5 for a poison-heavy stream.
# Prints each run, the medians and the ratios ingest / plain. A measurement, not a test.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

events="${1:-1000000}"
runs="${2:-3}"
heap="${3:-1g}"
labels="${4:-delayed}"
dataset=credit
malformed="${MALFORMED:-0.01}"

ensure_built
data="$(mktemp -d -t mlcycle-bench-ingest.XXXXXX)"
port="$(free_port)"; cport="$(free_port)"; iport="$(free_port)"
bootstrap="127.0.0.1:$port"
UP_PID=""; INGEST_PID=""
trap 'stop "$INGEST_PID" "$UP_PID"; rm -rf "$data"' EXIT
trap 'exit 130' INT TERM
snapshot_ingest "$data"
start_broker "$data" "$port" "$cport" "$dataset"

machine
echo "generating $events events (+ malformed, fraction $malformed) and their labels at full speed ..."
MLCYCLE_SKIP_BUILD=1 ./mlcycle generate --data-dir "$data" --bootstrap "$bootstrap" --dataset "$dataset" \
    --events "$events" --malformed "$malformed" --seed 1 --labels "$labels" 2>/dev/null | head -3

results="$data/results.jsonl"
: >"$results"
for i in $(seq 1 "$runs"); do
  ev="$(plain_consume "$bootstrap" "mlcycle.events.$dataset")"
  lb="$(plain_consume "$bootstrap" "mlcycle.labels.$dataset")"
  echo "{\"run\":$i,\"kind\":\"plain\",\"events\":$ev,\"labels\":$lb}" >>"$results"
  python3 - "$ev" "$lb" "$i" <<'PY'
import json, sys
ev, lb, i = json.loads(sys.argv[1]), json.loads(sys.argv[2]), sys.argv[3]
print(f"plain  run {i}: events {ev['records']:,} in {ev['seconds']:.2f} s = {ev['records_per_s']:,.0f}/s;"
      f" labels {lb['records']:,} in {lb['seconds']:.2f} s = {lb['records_per_s']:,.0f}/s")
PY
done

# The topics do not change any more: their end offsets are where ingest must arrive.
last="$(tail -1 "$results")"
ev_end="$(python3 -c 'import json,sys; print(json.dumps(json.loads(sys.argv[1])["events"]["end"]))' "$last")"
lb_end="$(python3 -c 'import json,sys; print(json.dumps(json.loads(sys.argv[1])["labels"]["end"]))' "$last")"

for i in $(seq 1 "$runs"); do
  rm -rf "$data/lake"
  start_ingest "$data" "$bootstrap" "$iport" "$dataset" "$heap" "$data/ingest-$i.log" INGEST_FLUSH_IDLE=500ms
  run="$(wait_ingested "$iport" "$INGEST_PID" "$dataset" "$ev_end" "$lb_end")" \
      || { tail -40 "$data/ingest-$i.log"; exit 1; }
  stop "$INGEST_PID"; INGEST_PID=""
  echo "{\"run\":$i,\"kind\":\"ingest\",\"result\":$run}" >>"$results"
  python3 - "$run" "$i" <<'PY'
import json, sys
r, i = json.loads(sys.argv[1]), sys.argv[2]
print(f"ingest run {i}: ready {r['startup_s']:.1f} s after start; caught up {r['events_s']:.2f} s after ready (events),"
      f" {r['both_s']:.2f} s (both tables); RSS peak {r['rss_peak']/2**20:,.0f} MiB, at the end {r['rss_end']/2**20:,.0f} MiB")
if r.get("events_sustained") and r.get("both_sustained"):
    print(f"             after the first quarter (warm): events {r['events_sustained']:,.0f}/s, both tables {r['both_sustained']:,.0f}/s")
PY
done

rows="$(MLCYCLE_SKIP_BUILD=1 ./mlcycle lake --data-dir "$data" --dataset "$dataset" --table events --json 2>/dev/null \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["rows"])' || echo '?')"
echo "lake after the last run: $rows rows in $dataset.events (expected $events)"

python3 - "$results" "$heap" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
plain = [r for r in rows if r["kind"] == "plain"]
ingest = [r["result"] for r in rows if r["kind"] == "ingest"]
ev_n = plain[0]["events"]["records"]; lb_n = plain[0]["labels"]["records"]
p_ev = statistics.median(r["events"]["records_per_s"] for r in plain)
p_both = statistics.median((r["events"]["records"] + r["labels"]["records"]) / (r["events"]["seconds"] + r["labels"]["seconds"]) for r in plain)
i_ev = statistics.median(ev_n / r["events_s"] for r in ingest)
i_both = statistics.median((ev_n + lb_n) / r["both_s"] for r in ingest)
rss = statistics.median(r["rss_peak"] for r in ingest) / 2**20
print()
print(f"median of {len(ingest)} runs ({ev_n:,} event records incl. malformed, {lb_n:,} label records; ingest -Xmx{sys.argv[2]}):")
print(f"  plain consumer, events topic   {p_ev:>12,.0f} records/s")
print(f"  ingest-service, events table   {i_ev:>12,.0f} records/s   ingest/plain {i_ev / p_ev:.2f}")
print(f"  plain consumer, both topics    {p_both:>12,.0f} records/s   (one after the other)")
print(f"  ingest-service, both tables    {i_both:>12,.0f} records/s   ingest/plain {i_both / p_both:.2f}")
warm = [r for r in ingest if r.get("events_sustained") and r.get("both_sustained")]
if warm:
    w_ev = statistics.median(r["events_sustained"] for r in warm)
    w_both = statistics.median(r["both_sustained"] for r in warm)
    print(f"  warm (after the first quarter of the records, from the first commit past it to the last):")
    print(f"  ingest-service, events table   {w_ev:>12,.0f} records/s   ingest/plain {w_ev / p_ev:.2f}")
    print(f"  ingest-service, both tables    {w_both:>12,.0f} records/s   ingest/plain {w_both / p_both:.2f}")
print(f"  ingest-service RSS, peak       {rss:>12,.0f} MiB")
PY
