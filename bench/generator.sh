#!/usr/bin/env bash
# In-memory generation speed of platform/datagen: no broker, nothing written.
#
#   bench/generator.sh [events=1000000] [malformed=0.01] [labels=delayed] [rounds=3]
#
# Runs GeneratorBench (a test-source main of platform/datagen): generates the run `rounds` times (the
# first warms the JIT up) with nulls, outliers and a covariate shift, and prints valid events/s and
# records/s of each round. A measurement, not a test.
set -euo pipefail
cd "$(dirname "$0")/.."

events="${1:-1000000}"
malformed="${2:-0.01}"
labels="${3:-delayed}"
rounds="${4:-3}"

echo "building platform/datagen ..." >&2
# package compiles the test sources even with -DskipTests; each module writes its runtime class path to
# its own target/runtime-classpath.txt.
./mvnw -q -B -pl platform/datagen -am package dependency:build-classpath -DskipTests \
    -Dmdep.includeScope=runtime -Dmdep.outputFile=target/runtime-classpath.txt >/dev/null

echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1)"
java -cp "platform/datagen/target/test-classes:platform/datagen/target/classes:$(cat platform/datagen/target/runtime-classpath.txt)" \
    dev.mlcycle.datagen.GeneratorBench "$events" "$malformed" "$labels" "$rounds"
