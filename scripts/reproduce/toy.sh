#!/usr/bin/env bash
# toy.sh reproduces, at CPU scale, the paper's toy experiments:
#
#   Figure 2d: the share of the 8-mode ring's modes that no local generator
#   covers, against the number of local pairs N = 1 to 10, vanilla GAN.
#   One run of 10 independent pairs (--no-global) per seed gives every N:
#   a local pair never depends on the others, so its first N pairs are the
#   pairs an N-pair run of the same seed trains (sgan score's
#   non_coverage_by_pairs).
#
#   Figure 3: GAN against 10-S-GAN on ring8 and grid25 (and, with
#   VARIANTS="gan wgan-gp", WGAN-GP against 10-S-WGAN-GP; with
#   DATASETS=swissroll, the Swiss roll, whose figure is the last picture of
#   each seed, $OUT/fig3/swissroll-VARIANT-seedS.png: it has no modes to
#   count). One run of 10-S-GAN with --baseline per seed gives both: the
#   baseline is a standard pair trained on the global pair's minibatches and
#   noise.
#
#   scripts/reproduce/toy.sh [fig2d] [fig3]        (default both)
#
# Settings (environment): SEEDS (default "1 2 3 4 5"), ITERS (5000),
# HIDDEN (128 units; the paper's 512 are about 6x slower here), LR (1e-3),
# MSG (messenger steps, 10: see README, "Messenger steps"), VARIANTS (gan),
# DATASETS for fig3 (ring8 grid25), OUT (results/toy). Runs go under
# $OUT/<experiment>/<name>-seed<S>/; an interrupted script resumes each
# run from its newest checkpoint and skips runs that are done. Every
# command it runs is printed first on stderr, prefixed with "+ ".
set -euo pipefail
shopt -s inherit_errexit # a failed run stops the script inside $(...) too
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SEEDS=${SEEDS:-1 2 3 4 5}
ITERS=${ITERS:-5000}
HIDDEN=${HIDDEN:-128}
LR=${LR:-1e-3}
MSG=${MSG:-10}
VARIANTS=${VARIANTS:-gan}
DATASETS=${DATASETS:-ring8 grid25}
OUT=${OUT:-$ROOT/results/toy}
SGAN=$ROOT/build/bin/sgan
EXPERIMENTS=${*:-fig2d fig3}

say() { echo "+ $*" >&2; "$@"; }
# shellcheck source=scripts/reproduce/lib.sh
. "$ROOT/scripts/reproduce/lib.sh"

cd "$ROOT"
say make -s build >/dev/null

# train DIR ARGS... trains (or resumes) one run into DIR (lib.sh,
# train_run), then scores its last checkpoint into DIR/<run>/score.json.
train() {
	local dir=$1
	shift
	local run last
	run=$(train_run "$dir" --hidden "$HIDDEN" --lr "$LR" --log-every 500 --sample-every 500 \
		--checkpoint-every 500 "$@")
	last=$(printf 'ckpt-%08d.sgan' "$ITERS")
	# The Swiss roll has no modes to score: its figure is the picture.
	if [[ $run != *swissroll* ]] &&
		[[ ! -f $run/score.json || $run/score.json -ot $run/checkpoints/$last ]]; then
		say "$SGAN" score --run "$run" >/dev/null
	fi
}

for exp in $EXPERIMENTS; do
	case $exp in
	fig2d)
		mkdir -p "$OUT/fig2d"
		for s in $SEEDS; do
			train "$OUT/fig2d/ring8-10-local-gan-seed$s" --dataset ring8 --pairs 10 \
				--no-global --seed "$s"
		done
		scores=()
		for s in $SEEDS; do
			scores+=("$OUT"/fig2d/ring8-10-local-gan-seed"$s"/0001-*/score.json)
		done
		say go run ./scripts/reproduce/aggregate coverage -out "$OUT/fig2d" "${scores[@]}"
		;;
	fig3)
		mkdir -p "$OUT/fig3"
		for v in $VARIANTS; do
			for d in $DATASETS; do
				for s in $SEEDS; do
					train "$OUT/fig3/$d-10-S-$v-seed$s" --dataset "$d" --pairs 10 \
						--baseline --variant "$v" --messenger-steps "$MSG" \
						--seed "$s"
				done
				if [[ $d == swissroll ]]; then
					# Keep the last picture of each seed (the run folders are
					# not kept in git): local generators left, G0 and the
					# baseline right.
					for s in $SEEDS; do
						say cp "$(ls "$OUT"/fig3/"$d"-10-S-"$v"-seed"$s"/0001-*/samples/*-toy.png |
							tail -n 1)" "$OUT/fig3/$d-$v-seed$s.png"
					done
					continue
				fi
				scores=()
				for s in $SEEDS; do
					scores+=("$OUT"/fig3/"$d"-10-S-"$v"-seed"$s"/0001-*/score.json)
				done
				say go run ./scripts/reproduce/aggregate modes -out "$OUT/fig3" \
					-name "$d-$v" "${scores[@]}"
				say go run ./scripts/reproduce/aggregate curves -out "$OUT/fig3" \
					-name "$d-$v" "${scores[@]%/score.json}"
			done
		done
		;;
	*)
		echo "toy.sh: unknown experiment $exp (want fig2d or fig3)" >&2
		exit 2
		;;
	esac
done
