#!/usr/bin/env bash
# Two-sample Kolmogorov-Smirnov on large samples: mlcycle's KolmogorovSmirnov beside scipy's ks_2samp, on the
# same values, the same machine, in one run.
#
#   bench/ks.sh [n=1000000] [m=1000000] [shift=0.01] [rounds=5] [seed=1]
#
# ks/ks_scipy.py draws n standard normal values and m normal values shifted by `shift` (numpy PCG64, seed)
# into two float64 files; ks/KsBench.java (run by the java launcher on platform/stats's class path) and
# ks_scipy.py then each time the test `rounds` times on those files and print median and best, D and p. The
# Java side also splits its time into sorting and the test on sorted samples. Needs python3 with numpy and
# scipy. A measurement, not a test.
set -euo pipefail
cd "$(dirname "$0")/.."

n="${1:-1000000}"
m="${2:-1000000}"
shift_="${3:-0.01}"
rounds="${4:-5}"
seed="${5:-1}"

echo "building platform/stats ..." >&2
./mvnw -q -B -pl platform/stats -am package dependency:build-classpath -DskipTests \
    -Dmdep.includeScope=runtime -Dmdep.outputFile=target/runtime-classpath.txt >/dev/null

data="$(mktemp -d -t mlcycle-bench-ks.XXXXXX)"
trap 'rm -rf "$data"' EXIT
echo "machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(java -version 2>&1 | head -1), $(python3 --version)"
echo "data: n = $n standard normal, m = $m normal + $shift_, seed $seed"
python3 bench/ks/ks_scipy.py write "$data" "$n" "$m" "$shift_" "$seed"
java -Xmx2g -XX:+UseParallelGC -cp "platform/stats/target/classes:$(cat platform/stats/target/runtime-classpath.txt)" \
    bench/ks/KsBench.java "$data" "$rounds"
python3 bench/ks/ks_scipy.py time "$data" "$rounds"
