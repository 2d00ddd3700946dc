#!/usr/bin/env bash
# soak.sh checks that memory stays flat over a long run: it trains 5-S-GAN
# on ring8 with a baseline for ITERATIONS iterations (default 2000) and
# compares the resident memory logged at iteration 200 with the last one.
# It fails when the growth is 5% or more.
#
#   scripts/soak.sh [iterations] [extra sgan train flags...]
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ITERATIONS=${1:-2000}
shift || true
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

make -C "$ROOT" -s build >/dev/null
"$ROOT/build/bin/sgan" --log-level warn train --dataset ring8 --pairs 5 --baseline \
	--hidden 128 --lr 1e-3 --iterations "$ITERATIONS" --log-every 100 \
	--sample-every "$ITERATIONS" --checkpoint-every "$ITERATIONS" --out "$OUT" "$@"
metrics=$(ls "$OUT"/*/metrics.jsonl)
rss() { grep "\"iteration\":$1," "$metrics" | sed 's/.*"rss_mb":\([0-9.]*\).*/\1/'; }
first=$(rss 200)
last=$(rss "$ITERATIONS")
awk -v a="$first" -v b="$last" -v n="$ITERATIONS" 'BEGIN {
	g = (b - a) / a * 100
	printf "soak: RSS %.1f MB at iteration 200, %.1f MB at %d: %+.1f%%\n", a, b, n, g \
		> "/dev/stderr"
	exit (g >= 5) }'
