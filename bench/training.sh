#!/usr/bin/env bash
# Training benchmarks: rows/s read from the lake into a Tribuo dataset, and train time and ROC-AUC for each
# algorithm, on the code a training run uses (training-service's TrainingBench main).
#
#   bench/training.sh [events=1000000] [algorithms=logistic-regression,xgboost] [heap=6g]
#
# Lands `events` generated credit events and their labels in a fresh lake (an Iceberg table written by
# platform/lake, as ingest writes it), then twice: reads the current snapshot joined with its labels into the
# columnar frame, fits the encoder on the oldest 70 %, and builds the train and test examples (the first
# round warms the JIT; the second is reported); then trains each algorithm with its default parameters and
# seed 42 on the train split and scores the newest 15 %. A measurement, not a test.
set -euo pipefail
cd "$(dirname "$0")/.."

events="${1:-1000000}"
algorithms="${2:-logistic-regression,xgboost}"
heap="${3:-6g}"

./mvnw -B -q -o -pl training-service -am test-compile -DskipTests >/dev/null
cp_file="$(mktemp)"
lake="$(mktemp -d -t mlcycle-bench-training.XXXXXX)"
trap 'rm -rf "$lake" "$cp_file"' EXIT
./mvnw -B -q -o -pl training-service dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$cp_file" >/dev/null
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), heap $heap"
/usr/bin/time -v java -Xmx"$heap" \
    -cp "training-service/target/test-classes:training-service/target/classes:$(cat "$cp_file")" \
    dev.mlcycle.training.bench.TrainingBench "$events" "$algorithms" "$lake" 2> >(grep -E "Maximum resident|Elapsed" >&2)
