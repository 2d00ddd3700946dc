#!/usr/bin/env bash
# bench-blas.sh times the toy GAN step (BenchmarkMLPGANStep: 4x512 MLPs,
# batch 64, one D and one G step, about 0.82 GFLOP) under each candidate
# libblas.so.3 (the reference BLAS, OpenBLAS pthread and OpenMP builds) and
# 1 or 2 libtorch intra-op threads, round-robin so that noise hits every
# candidate alike, and prints the median ms and GFLOP/s of each.
#
#   scripts/bench-blas.sh [rounds]     (default 3 rounds of 40 steps each)
#
# It installs the candidates that are missing (root); the system's choice
# (update-alternatives) is left as it is: each run picks its BLAS with
# LD_LIBRARY_PATH.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ROUNDS=${1:-3}
LIBDIR=/usr/lib/x86_64-linux-gnu
GFLOP=0.82

"$ROOT/scripts/setup.sh"
missing=()
for p in libblas3 libopenblas0-pthread libopenblas0-openmp; do
	[ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null)" = installed ] || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	[ "$(id -u)" = 0 ] || { echo "bench-blas: install ${missing[*]} (as root)" >&2; exit 1; }
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		"${missing[@]}" >/dev/null
fi

bin=$(mktemp -d)/torchx.test
trap 'rm -rf "$(dirname "$bin")"' EXIT
(cd "$ROOT" && . build/cgo.env && go test -c -o "$bin" ./internal/torchx)

declare -A blas=([reference]=$LIBDIR/blas [openblas-pthread]=$LIBDIR/openblas-pthread
	[openblas-openmp]=$LIBDIR/openblas-openmp)
declare -A times
for ((r = 0; r < ROUNDS; r++)); do
	for name in reference openblas-pthread openblas-openmp; do
		for threads in 1 2; do
			ns=$(cd "$ROOT/internal/torchx" && LD_LIBRARY_PATH=${blas[$name]} \
				SGAN_BENCH_THREADS=$threads "$bin" -test.run '^$' \
				-test.bench MLPGANStep -test.benchtime 40x |
				awk '/^BenchmarkMLPGANStep/ {print $3}')
			times[$name/$threads]+="$ns "
		done
	done
done

printf '%-18s %-8s %10s %10s   %s\n' blas threads "median ms" GFLOP/s "all runs (ms)"
for name in reference openblas-pthread openblas-openmp; do
	for threads in 1 2; do
		read -ra v <<<"${times[$name/$threads]}"
		sorted=($(printf '%s\n' "${v[@]}" | sort -n))
		med=${sorted[$((${#sorted[@]} / 2))]}
		all=$(printf '%s\n' "${v[@]}" | awk '{printf "%.1f ", $1/1e6}')
		awk -v n="$name" -v t="$threads" -v m="$med" -v g=$GFLOP -v a="$all" \
			'BEGIN {printf "%-18s %-8s %10.1f %10.1f   %s\n", n, t, m/1e6, g/(m/1e9), a}'
	done
done
