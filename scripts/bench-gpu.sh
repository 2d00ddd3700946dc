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
# Known limitation: every step runs on the device's default stream, one
# pair after another (TODO(#4): a stream per pair).
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
for dev in "$DEVICE" cpu; do
	echo "== $dev"
	(cd train && SGAN_BENCH_DEVICE=$dev "$bin" -test.run '^$' \
		-test.bench '^Benchmark(PairStep|SGANIteration)$' -test.benchtime 10x)
done
