#!/usr/bin/env bash
# The event codec's cost per valid and per rejected event, single-threaded and warm.
#
#   bench/codec-throughput.sh [events=200000] [malformed=0.5] [rounds=10]
#
# Generates `events` valid events plus the given fraction of malformed ones (all six kinds, seed 1) to a
# file with `mlcycle generate --output` (no broker), then times FeatureEventCodec.decode over the valid
# and over the rejected ones, `rounds` times each (bench/java/CodecThroughput.java), and prints the mean
# of the second half of the rounds. The codec judges every record ingest's fast decoder declines, so
# this is what a malformed record costs ingest besides its dead letter. A measurement, not a test.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

events="${1:-200000}"
malformed="${2:-0.5}"
rounds="${3:-10}"

./mlcycle --version >/dev/null
data="$(mktemp -d -t mlcycle-bench-codec.XXXXXX)"
trap 'rm -rf "$data"' EXIT
machine
MLCYCLE_SKIP_BUILD=1 ./mlcycle generate --data-dir "$data" --dataset credit --events "$events" --malformed "$malformed" \
    --seed 1 --labels inline --output "$data/records.jsonl" 2>/dev/null | sed -n 1,2p
java -Xmx2g -XX:+UseParallelGC -cp "$CLI_LIB/*" bench/java/CodecThroughput.java "$data/records.jsonl" credit "$rounds"
