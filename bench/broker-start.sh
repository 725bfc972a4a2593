#!/usr/bin/env bash
# Start time and resident memory of the local Kafka broker (platform/kafka-local) as a child process.
#
#   bench/broker-start.sh [runs=5] [records=100000] [heap=512m]
#
# Each run starts a broker on a fresh data directory (so the time includes formatting the log dir),
# reads the broker process's VmRSS from /proc/<pid>/status once it is ready, produces `records`
# records of 100 bytes (acks=all) to a one-partition topic, reads VmRSS again, and stops the broker.
# Prints every run, then median, min and max. A measurement, not a test: nothing here passes or fails.
set -euo pipefail
cd "$(dirname "$0")/.."

runs="${1:-5}"
records="${2:-100000}"
heap="${3:-512m}"

echo "building platform/kafka-local ..." >&2
./mvnw -q -B -pl platform/kafka-local -am package -DskipTests

# StartBench is a test-source main (benchmarks stay out of the shipped jar): target/test-classes, compiled
# by package even with -DskipTests. target/classpath.txt (the runtime class path) is written at package
# time by the module's dependency:build-classpath execution.
classpath="platform/kafka-local/target/test-classes:platform/kafka-local/target/classes:$(cat platform/kafka-local/target/classpath.txt)"

# The kafka-local jars carry no slf4j binding: slf4j says so on stderr once; that line is not news.
java -Xmx256m -cp "$classpath" dev.mlcycle.kafka.local.bench.StartBench \
    --runs "$runs" --records "$records" --heap "$heap" \
    2> >(grep -v '^SLF4J' >&2)
