#!/usr/bin/env bash
# Batch scoring throughput: rows/s of one batch job (data checks, ServedModel.predict in batches, the
# <dataset>.predictions table written in one commit) over a lake snapshot of `events` generated credit events,
# with a logistic regression trained on 20,000 generated rows; then the same job rerun by a fresh job runner,
# which finds its commit and adds nothing. serving-service's ScoringBench main. A measurement, not a test.
#
#   bench/score-throughput.sh [events=1000000] [batch-rows=8192] [heap=3g]
set -euo pipefail
cd "$(dirname "$0")/.."

events="${1:-1000000}"
batch="${2:-8192}"
heap="${3:-3g}"

./mvnw -B -q -o -pl serving-service -am test-compile -DskipTests >/dev/null
cp_file="$(mktemp)"
dir="$(mktemp -d -t mlcycle-bench-score.XXXXXX)"
trap 'rm -rf "$dir" "$cp_file"' EXIT
./mvnw -B -q -o -pl serving-service dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$cp_file" >/dev/null
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), heap $heap"
/usr/bin/time -v java -Xmx"$heap" \
    -cp "serving-service/target/test-classes:serving-service/target/classes:$(cat "$cp_file")" \
    dev.mlcycle.serving.score.ScoringBench "$events" "$batch" "$dir" 2> >(grep -E "Maximum resident|Elapsed" >&2)
