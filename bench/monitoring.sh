#!/usr/bin/env bash
# Monitoring benchmarks and calibration, in one run on one machine (a measurement, not a test):
#   1. predictions/s per core through the monitoring topology (TopologyTestDriver runs every processor on one
#      thread): 200,000 predictions of a stationary credit run with their labels, in-memory stores, then 30,000 predictions
#      alone, then RocksDB stores (persistent=true) on a slice (the test driver flushes RocksDB after every record: slow); where the time goes (decode, window analysis);
#   2. KS on 1,000,000 x 1,000,000 values beside scipy's ks_2samp (bench/ks.sh);
#   3. with `calibrate`: the false-alarm and detection-delay table of monitoring-service/DESIGN.md, "Measurements"
#      (Calibration over the generator's scenarios; long: tens of minutes on a busy 2-core machine).
#
#   bench/monitoring.sh [predictions=200000] [persistent-predictions=500] [calibrate [seeds=5] [cases=all]]
set -euo pipefail
cd "$(dirname "$0")/.."

n="${1:-200000}"
np="${2:-500}"
machine() {
  echo "machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(java -version 2>&1 | head -1), load average $(cut -d' ' -f1-3 /proc/loadavg)"
}

echo "building monitoring-service (and what it needs) ..." >&2
./mvnw -q -B -pl monitoring-service -am install -DskipTests >/dev/null
./mvnw -q -B -pl monitoring-service test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt >/dev/null
CP="monitoring-service/target/test-classes:monitoring-service/target/classes:$(cat monitoring-service/target/test-classpath.txt)"
machine

echo "== 1. predictions/s through the monitoring topology (window 2,000 rows, defaults) =="
java -Xmx3g -XX:+UseParallelGC -cp "$CP" dev.mlcycle.monitoring.calibration.TopologyBench "$n" "$np" 2>&1 | grep -v '^SLF4J'

echo "== 2. KS, 1,000,000 x 1,000,000 values, mlcycle beside scipy =="
bench/ks.sh 1000000 1000000 0.01 5 1

if [ "${3:-}" = "calibrate" ]; then
  echo "== 3. calibration: false alarms and detection delays of the defaults =="
  java -Xmx3g -XX:+UseParallelGC -cp "$CP" dev.mlcycle.monitoring.calibration.Calibration "${4:-5}" "${5:-all}" 2>&1 \
      | grep -v '^SLF4J'
fi
