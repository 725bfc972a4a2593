#!/usr/bin/env bash
# What sorting buys on disk: the lake's events in the spec's sort order against the same rows in arrival
# order, with the same Parquet settings.
#
#   bench/lake-sorted-vs-arrival.sh [events=1000000] [data-dir]
#
# Without a data directory: starts `mlcycle up --no-ingest` on a fresh one, streams `events` events
# (+1 % malformed, seed 1) at full speed, runs ingest-service until its committed offsets reach the
# topics' ends, and stops both. With one: uses the lake already there.
# Then DuckDB (Node.js, e2e/src/test/node) reads the live Parquet files of credit.events (as
# `mlcycle lake --files` lists them) and writes the same rows, one file per day partition, twice:
#   sorted   ORDER BY region, employment, event_time, event_id (the lake's order)
#   arrival  ORDER BY the event id's sequence number (the order the generator produced and Kafka
#            received them; Kafka offsets are per partition, this is the one stream they interleave)
# both with COMPRESSION zstd, dictionary encoding on (DuckDB's defaults otherwise: row groups of
# 122,880 rows, zstd level 3). Prints the bytes of the lake's own files (written by the lake's flat Parquet
# encoder: zstd, dictionary, as ingested), of both DuckDB rewrites, and the ratios.
# A measurement, not a test.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

events="${1:-1000000}"
given="${2:-}"
dataset=credit

ensure_built
[ -d "$NODE_DIR/node_modules/@duckdb/node-api" ] || (cd "$NODE_DIR" && npm ci --no-audit --no-fund --loglevel=error)
work="$(mktemp -d -t mlcycle-bench-sort.XXXXXX)"
UP_PID=""; INGEST_PID=""
trap 'stop "$INGEST_PID" "$UP_PID"; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM
snapshot_ingest "$work"

machine
if [ -n "$given" ]; then
  data="$(cd "$given" && pwd)"
else
  data="$work/data"; mkdir -p "$data"
  port="$(free_port)"; cport="$(free_port)"; iport="$(free_port)"
  bootstrap="127.0.0.1:$port"
  start_broker "$data" "$port" "$cport" "$dataset"
  echo "generating $events events (+1 % malformed) at full speed and ingesting them ..."
  MLCYCLE_SKIP_BUILD=1 ./mlcycle generate --data-dir "$data" --bootstrap "$bootstrap" --dataset "$dataset" \
      --events "$events" --malformed 0.01 --seed 1 >/dev/null 2>&1
  ev_end="$(plain_consume "$bootstrap" "mlcycle.events.$dataset" | python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin)["end"]))')"
  lb_end="$(plain_consume "$bootstrap" "mlcycle.labels.$dataset" | python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin)["end"]))')"
  start_ingest "$data" "$bootstrap" "$iport" "$dataset" 1g "$work/ingest.log" INGEST_FLUSH_IDLE=500ms
  wait_ingested "$iport" "$INGEST_PID" "$dataset" "$ev_end" "$lb_end" >/dev/null || { tail -40 "$work/ingest.log"; exit 1; }
  stop "$INGEST_PID" "$UP_PID"; INGEST_PID=""; UP_PID=""
fi

MLCYCLE_SKIP_BUILD=1 ./mlcycle lake --data-dir "$data" --dataset "$dataset" --table events --json 2>/dev/null >"$work/lake.json"
mkdir -p "$work/sorted" "$work/arrival"
python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
lake = json.load(open(f"{work}/lake.json"))
files = [f["path"].removeprefix("file:") for f in lake["files"]]
day = "CAST(CAST(event_time AS DATE) AS VARCHAR)"
queries = {"days": f"SELECT DISTINCT {day} AS day FROM events ORDER BY day"}
json.dump({"tables": {"events": files}, "queries": queries}, open(f"{work}/days.json", "w"))
PY
node "$NODE_DIR/duckdb-query.js" "$work/days.json" >"$work/days.out"
python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
lake = json.load(open(f"{work}/lake.json"))
files = [f["path"].removeprefix("file:") for f in lake["files"]]
days = [r["day"] for r in json.load(open(f"{work}/days.out"))["days"]]
seq = "CAST(regexp_extract(event_id, '([0-9]+)$', 1) AS BIGINT)"
cols = "* EXCLUDE (filename, file_row_number)"
queries = {}
for d in days:
    where = f"CAST(event_time AS DATE) = DATE '{d}'"
    for name, order in (("sorted", "region, employment, event_time, event_id"), ("arrival", seq)):
        queries[f"{name}_{d}"] = (f"COPY (SELECT {cols} FROM events WHERE {where} ORDER BY {order}) "
                                  f"TO '{work}/{name}/{d}.parquet' (FORMAT parquet, COMPRESSION zstd)")
json.dump({"tables": {"events": files}, "queries": queries}, open(f"{work}/rewrite.json", "w"))
PY
node "$NODE_DIR/duckdb-query.js" "$work/rewrite.json" >/dev/null

# Where the bytes go: compressed bytes per column, from the files' own metadata.
python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
lake = json.load(open(f"{work}/lake.json"))
lake_files = "[" + ", ".join("'" + f["path"].removeprefix("file:") + "'" for f in lake["files"]) + "]"
q = lambda src: f"SELECT path_in_schema AS col, sum(total_compressed_size) AS bytes FROM parquet_metadata({src}) GROUP BY 1"
json.dump({"queries": {"lake": q(lake_files), "sorted": q(f"'{work}/sorted/*.parquet'"),
                       "arrival": q(f"'{work}/arrival/*.parquet'")}}, open(f"{work}/columns.json", "w"))
PY
node "$NODE_DIR/duckdb-query.js" "$work/columns.json" >"$work/columns.out"

python3 - "$work" <<'PY'
import glob, json, os, sys
work = sys.argv[1]
lake = json.load(open(f"{work}/lake.json"))
lake_bytes = sum(os.path.getsize(f["path"].removeprefix("file:")) for f in lake["files"])
rows = lake["rows"]
def total(name):
    fs = glob.glob(f"{work}/{name}/*.parquet")
    return sum(os.path.getsize(f) for f in fs), len(fs)
s, sn = total("sorted")
a, an = total("arrival")
print(f"credit.events: {rows:,} rows, {len(lake['partitions']) if 'partitions' in lake else '?'} day partitions")
print(f"  lake, as ingested (mlcycle lake encoder, zstd)     {lake_bytes:>14,} bytes  {len(lake['files'])} files  {lake_bytes/rows:6.2f} bytes/row")
print(f"  DuckDB rewrite, sorted (spec order)                {s:>14,} bytes  {sn} files  {s/rows:6.2f} bytes/row")
print(f"  DuckDB rewrite, arrival order (event id sequence)  {a:>14,} bytes  {an} files  {a/rows:6.2f} bytes/row")
print(f"  arrival / sorted, same writer (DuckDB)             {a/s:.2f}x")
print(f"  arrival (DuckDB) / lake (mlcycle encoder)          {a/lake_bytes:.2f}x")
cols = json.load(open(f"{work}/columns.out"))
by = {k: {r["col"]: int(r["bytes"]) for r in v} for k, v in cols.items()}
print()
print(f"  compressed bytes per column      {'lake':>12} {'sorted':>12} {'arrival':>12}  arrival/sorted")
for c in sorted(by["sorted"], key=lambda c: -by["sorted"][c]):
    ls, ss, aa = by["lake"].get(c, 0), by["sorted"][c], by["arrival"].get(c, 0)
    print(f"  {c:<30} {ls:>12,} {ss:>12,} {aa:>12,}  {aa / ss if ss else float('nan'):.2f}")
PY
