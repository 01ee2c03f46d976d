#!/usr/bin/env bash
# Builds the benchmarks in release mode and runs them all (`make bench` calls this).
# Extra arguments go to every benchmark, e.g. `Tools/bench/run.sh --no-peers`.
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build -c release --product beacon-bench
swift build -c release --product beacon
for benchmark in import index route rules segments hazard dispatch dashboard simulation timeseries; do
    echo "== beacon-bench $benchmark"
    .build/release/beacon-bench "$benchmark" "$@"
done
