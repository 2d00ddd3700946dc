#!/usr/bin/env bash
# bench-sgan.sh times one local pair's step (one D step and one G step) and
# one 5-pair SGAN iteration (Algorithm 1: local pairs, messengers, G0, D0)
# of the Go trainer (BenchmarkPairStep and BenchmarkSGANIteration in
# train/bench_test.go) and of the same schedule in PyTorch
# (scripts/bench_sgan.py, Debian's python3-torch on the same libtorch), for
# the toy MLP and DCGAN32, batch 64, THREADS intra-op threads each. Go and Python
# run alternately, round after round, so that noise hits both alike; the
# table gives the median of the rounds' medians, the ratios and, for a pair
# step, GFLOP/s. Last, it sets the Go iteration against the sum of its steps
# timed alone: five pair steps and BenchmarkGlobalSteps (messengers, G0, D0).
#
#   scripts/bench-sgan.sh [rounds]     (default 3)
#
# Iterations per round: MLP_ITERS (default 20) for mlp, DCGAN_ITERS (default
# 3) for dcgan32, each after one warm-up iteration. THREADS (default 1) is
# the intra-op thread count of both sides; OpenBLAS's own threads follow
# OPENBLAS_NUM_THREADS as set in the environment.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ROUNDS=${1:-3}
MLP_ITERS=${MLP_ITERS:-20}
DCGAN_ITERS=${DCGAN_ITERS:-3}
THREADS=${THREADS:-1}
PY=/usr/bin/python3

bin=$(mktemp -d)/train.test
trap 'rm -rf "$(dirname "$bin")"' EXIT
(cd "$ROOT" && . build/cgo.env && go test -c -o "$bin" ./train)

configs=(PairStep/mlp SGANIteration/mlp PairStep/dcgan32 SGANIteration/dcgan32)
# goOnly are timed in Go alone: the global steps of a 5-pair iteration.
goOnly=(GlobalSteps/mlp GlobalSteps/dcgan32)
iters() { case $1 in */mlp) echo "$MLP_ITERS" ;; *) echo "$DCGAN_ITERS" ;; esac; }

# goMs prints the Go benchmark's median ms of config $1.
goMs() {
	local kind=${1%/*} net=${1#*/}
	(cd "$ROOT/train" && SGAN_BENCH_THREADS=$THREADS "$bin" -test.run '^$' \
		-test.bench "^Benchmark$kind\$/^$net\$" \
		-test.benchtime "$(iters "$1")x") |
		awk '/^Benchmark/ {for (i = 2; i <= NF; i++) if ($i == "ms/median") print $(i-1)}'
}

# pyMs prints PyTorch's median ms of config $1.
pyMs() {
	"$PY" "$ROOT/scripts/bench_sgan.py" --config "$1" --iters "$(iters "$1")" --warmup 1 \
		--threads "$THREADS" |
		sed -n 's/.*median_ms=\([0-9.]*\).*/\1/p'
}

declare -A goT pyT
for ((r = 0; r < ROUNDS; r++)); do
	for c in "${configs[@]}"; do
		goT[$c]+="$(goMs "$c") "
		pyT[$c]+="$(pyMs "$c") "
	done
	for c in "${goOnly[@]}"; do
		goT[$c]+="$(goMs "$c") "
	done
done

median() { printf '%s\n' $1 | sort -g | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }

# gflop is the work of a pair step (one D and one G step, forward and
# backward, batch 64), counted in issue #10: the rate column divides it by
# the time. An iteration's work is not counted ("-").
declare -A gflop=([PairStep/mlp]=0.82 [PairStep/dcgan32]=26.9)
printf '%-22s %10s %12s %9s %14s   %s\n' config "Go ms" "PyTorch ms" Go/PyT \
	"GFLOP/s Go|Py" "rounds: Go | PyTorch (ms)"
for c in "${configs[@]}"; do
	g=$(median "${goT[$c]}") p=$(median "${pyT[$c]}")
	awk -v c="$c" -v g="$g" -v p="$p" -v a="${goT[$c]}" -v b="${pyT[$c]}" \
		-v f="${gflop[$c]:-0}" 'BEGIN {
			rate = "-"
			if (f > 0) rate = sprintf("%.0f|%.0f", f / g * 1e3, f / p * 1e3)
			printf "%-22s %10.1f %12.1f %9.2f %14s   %s| %s\n", c, g, p, g / p, rate, a, b
		}'
done
echo
echo "SGAN iteration / pair step (a 5-pair iteration is 5 pair steps, 5 messenger"
echo "D steps, a G0 step against 5 messengers and a D0 step on 5 fake batches):"
for net in mlp dcgan32; do
	awk -v n="$net" -v gi="$(median "${goT[SGANIteration/$net]}")" \
		-v gp="$(median "${goT[PairStep/$net]}")" \
		-v pi="$(median "${pyT[SGANIteration/$net]}")" \
		-v pp="$(median "${pyT[PairStep/$net]}")" \
		'BEGIN {printf "%-8s Go %.2f   PyTorch %.2f\n", n, gi / gp, pi / pp}'
done
echo
echo "Go: a 5-pair iteration against the sum of its steps timed alone (5 pair"
echo "steps and the global steps: messengers, G0, D0):"
printf '%-8s %10s %10s %10s %9s\n' net "pair ms" "global ms" "iter ms" iter/sum
for net in mlp dcgan32; do
	awk -v n="$net" -v gi="$(median "${goT[SGANIteration/$net]}")" \
		-v gp="$(median "${goT[PairStep/$net]}")" \
		-v gg="$(median "${goT[GlobalSteps/$net]}")" \
		'BEGIN {printf "%-8s %10.1f %10.1f %10.1f %9.2f\n", n, gp, gg, gi, gi / (5 * gp + gg)}'
done
