#!/usr/bin/env bash
# bench-gpu.sh times, on a CUDA device, one local pair's step and one 5-pair
# SGAN iteration (BenchmarkPairStep and BenchmarkSGANIteration of
# train/bench_test.go: the toy MLP and DCGAN32, batch 64), and the same on
# the CPU for the ratio. It needs a CUDA build (scripts/setup.sh with
# LIBTORCH pointing at a CUDA libtorch, or the Docker image) and finishes in
# a few minutes.
#
#   scripts/bench-gpu.sh [device]        (default cuda:0)
#
# On the GPU each local pair's steps are queued on a CUDA stream of its own
# and the global pair's on another; the same benchmarks run once more with
# every step on the default stream (SGAN_BENCH_STREAMS=0) to show what the
# streams gain. BenchmarkGlobalSteps gives the global part alone, for the
# iteration against the sum of its steps.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DEVICE=${1:-cuda:0}
cd "$ROOT"
. build/cgo.env
if ! go run ./cmd/sgan version | grep -q '^cuda: *compiled'; then
	go run ./cmd/sgan version | grep '^cuda' >&2
	echo "bench-gpu: this build has no CUDA: run scripts/setup.sh with LIBTORCH=<a CUDA" \
		"libtorch>, or use the Docker image" >&2
	exit 2
fi
bin=$(mktemp -d)/train.test
trap 'rm -rf "$(dirname "$bin")"' EXIT
go test -c -o "$bin" ./train
for run in "$DEVICE streams" "$DEVICE default-stream" "cpu -"; do
	read -r dev mode <<<"$run"
	echo "== $dev $mode"
	streams=1
	[[ $mode == default-stream ]] && streams=0
	(cd train && SGAN_BENCH_DEVICE=$dev SGAN_BENCH_STREAMS=$streams "$bin" -test.run '^$' \
		-test.bench '^Benchmark(PairStep|SGANIteration|GlobalSteps)$' -test.benchtime 10x)
done
