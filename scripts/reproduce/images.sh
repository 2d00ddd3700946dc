#!/usr/bin/env bash
# images.sh reproduces, at CPU scale, the paper's image experiments:
#
#   fig5: paper Figure 5 on MNIST. GAN, WGAN-GP and DRAGAN against their
#   5-S versions: classifier score, entropy of the predicted classes and
#   total variation from the uniform class distribution against the
#   iteration, scored with an MNIST classifier of `sgan classifier train`.
#
#   table1: the trend of paper Table 1 on CIFAR-10. GAN against 5-S-GAN
#   (VARIANTS adds wgan-gp, dragan): classifier score at matching
#   iterations, with a CIFAR-10 classifier of `sgan classifier train` (the
#   Inception network of the paper cannot be fetched here; the exact GPU
#   command for the whole of Table 1 is in RESULTS.md).
#
#   table1-gpu: the whole of Table 1 (GAN, WGAN, DRAGAN against 5-S-GAN,
#   5-S-WGAN, 5-S-DRAGAN; Inception Score of 50,000 samples at iterations
#   100, 500, 1000, 2000, 3000, 4000 and 5000) at the paper's size, for a
#   GPU: INCEPTION=<TorchScript Inception file> (DEVICE, default cuda).
#
#   scripts/reproduce/images.sh [fig5] [table1] [table1-gpu]   (default fig5)
#
# One run of 5-S-<variant> with --baseline per variant gives both sides of a
# comparison: the baseline is a standard pair trained from G0's initial
# weights on the global pair's minibatches and noise. Every checkpoint is
# kept and scored with the classifier.
#
# Settings (environment): ITERS (default 1000), CKPT (iterations between
# checkpoints, 100), WIDTH (DCGAN ngf = ndf, 32; the paper's 64 are about
# 3x slower here), PAIRS (5), SEED (1), N (samples a generator and
# checkpoint, 2000), VARIANTS (fig5: "gan wgan-gp dragan"; table1: "gan"),
# MSG (messenger steps; default --n-dis, as Algorithm 1; a run with MSG
# set has -msgMSG in its name), MNIST_CLS and CIFAR_CLS (classifier files; trained into
# $OUT/classifiers/ when absent: MNIST about 3 minutes, CIFAR-10 15 to
# 30), CIFAR_DIR (the folder of cifar-10-binary.tar.gz: default
# ../shared/data when it holds one, else `sgan data fetch cifar10` downloads
# it into the user cache dir), OUT (results/images).
# Runs go under $OUT/<experiment>/<name>/, and the figures of one
# invocation's runs to $OUT/<experiment>/images-<dataset>-<variants joined
# by +>-w<WIDTH>[-msg<MSG>]-seed<SEED>.{md,png}; an interrupted script resumes
# each run from its newest checkpoint and skips what is done. Every command
# it runs is printed first on stderr, prefixed with "+ ".
set -euo pipefail
shopt -s inherit_errexit # a failed run stops the script inside $(...) too
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
ITERS=${ITERS:-1000}
CKPT=${CKPT:-100}
WIDTH=${WIDTH:-32}
PAIRS=${PAIRS:-5}
SEED=${SEED:-1}
N=${N:-2000}
MSG=${MSG:-}
msg=()
suffix=
if [[ -n $MSG ]]; then
	msg=(--messenger-steps "$MSG")
	suffix=-msg$MSG
fi
OUT=${OUT:-$ROOT/results/images}
CIFAR_DIR=${CIFAR_DIR:-}
if [[ -z $CIFAR_DIR && -f $ROOT/../shared/data/cifar-10-binary.tar.gz ]]; then
	CIFAR_DIR=$(cd "$ROOT/../shared/data" && pwd)
fi
SGAN=$ROOT/build/bin/sgan
EXPERIMENTS=${*:-fig5}

say() { echo "+ $*" >&2; "$@"; }
# shellcheck source=scripts/reproduce/lib.sh
. "$ROOT/scripts/reproduce/lib.sh"

cd "$ROOT"
say make -s build >/dev/null

# classifier NAME DATASET ARGS... prints the classifier file for DATASET,
# training it into $OUT/classifiers/NAME.cls first when there is none.
classifier() {
	local file=$OUT/classifiers/$1.cls
	shift
	if [[ ! -f $file ]]; then
		mkdir -p "$OUT/classifiers"
		say "$SGAN" classifier train --out "$file" --dataset "$@" >&2
	fi
	echo "$file"
}

# train DIR ARGS... trains (or resumes) one run of the experiment's
# settings into DIR and prints the run directory (lib.sh, train_run).
train() {
	local dir=$1
	shift
	train_run "$dir" --width "$WIDTH" --pairs "$PAIRS" --baseline --seed "$SEED" \
		--log-every 50 --sample-every "$CKPT" --checkpoint-every "$CKPT" \
		--keep-checkpoints 0 "${msg[@]}" "$@"
}

# score RUN CLASSIFIER scores every checkpoint of RUN into RUN/score.json
# unless that is newer than the last checkpoint.
score() {
	local run=$1 cls=$2
	local last
	last=$(printf '%s/checkpoints/ckpt-%08d.sgan' "$run" "$ITERS")
	if [[ -f $run/score.json && $run/score.json -nt $last ]]; then
		return
	fi
	local ckpts=()
	for c in "$run"/checkpoints/ckpt-*.sgan; do
		ckpts+=(--checkpoint "$c")
	done
	say "$SGAN" score --run "$run" --classifier "$cls" -n "$N" "${ckpts[@]}" >/dev/null
}

for exp in $EXPERIMENTS; do
	case $exp in
	fig5)
		cls=${MNIST_CLS:-$(classifier mnist mnist --epochs 3)}
		runs=()
		for v in ${VARIANTS:-gan wgan-gp dragan}; do
			run=$(train "$OUT/fig5/mnist-$PAIRS-S-$v-w$WIDTH$suffix-seed$SEED" --dataset mnist \
				--variant "$v")
			score "$run" "$cls"
			runs+=("$run")
		done
		say go run ./scripts/reproduce/aggregate images -out "$OUT/fig5" \
			-name "$(figure_name mnist "${VARIANTS:-gan wgan-gp dragan}" "$WIDTH" "$MSG" "$SEED")" \
			"${runs[@]}"
		;;
	table1)
		cifar=()
		if [[ -n $CIFAR_DIR ]]; then
			cifar=(--data-dir "$CIFAR_DIR")
		else
			say "$SGAN" data fetch cifar10 >&2
		fi
		cls=${CIFAR_CLS:-$(classifier cifar10 cifar10 "${cifar[@]}" --epochs 20 --flip)}
		runs=()
		for v in ${VARIANTS:-gan}; do
			run=$(train "$OUT/table1/cifar10-$PAIRS-S-$v-w$WIDTH$suffix-seed$SEED" \
				--dataset cifar10 "${cifar[@]}" --variant "$v")
			score "$run" "$cls"
			runs+=("$run")
		done
		say go run ./scripts/reproduce/aggregate images -out "$OUT/table1" \
			-name "$(figure_name cifar10 "${VARIANTS:-gan}" "$WIDTH" "$MSG" "$SEED")" \
			"${runs[@]}"
		;;
	table1-gpu)
		# The whole of Table 1 at the paper's scale: GAN, WGAN and DRAGAN
		# against their 5-S versions, DCGAN32 at width 64, 5000 iterations,
		# the Inception Score of 50,000 samples at the table's iterations
		# (with FID and KID against the training images). The standard pair
		# of each comparison is the run's baseline, trained on the global
		# pair's draws (the paper ran it as a separate experiment).
		# Needs INCEPTION (a TorchScript Inception network returning
		# (features, logits); see README, sgan score) and a CUDA build.
		if [[ -z ${INCEPTION:-} || ! -f $INCEPTION ]]; then
			echo "images.sh: table1-gpu needs INCEPTION=<a TorchScript Inception file>" >&2
			exit 2
		fi
		cifar=()
		if [[ -n $CIFAR_DIR ]]; then
			cifar=(--data-dir "$CIFAR_DIR")
		else
			say "$SGAN" data fetch cifar10 >&2
		fi
		# GPU_ITERS, GPU_WIDTH and GPU_N shrink it, to check the commands.
		ITERS=${GPU_ITERS:-5000} CKPT=100 WIDTH=${GPU_WIDTH:-64}
		for v in ${VARIANTS:-gan wgan dragan}; do
			run=$(train \
				"$OUT/table1-gpu/cifar10-$PAIRS-S-$v$suffix-seed$SEED" --dataset cifar10 \
				"${cifar[@]}" --variant "$v" --device "${DEVICE:-cuda}")
			ckpts=()
			for it in 100 500 1000 2000 3000 4000 5000; do
				if ((it <= ITERS)); then
					ckpts+=(--checkpoint "$(printf '%s/checkpoints/ckpt-%08d.sgan' "$run" "$it")")
				fi
			done
			say "$SGAN" score --run "$run" --inception "$INCEPTION" -n "${GPU_N:-50000}" \
				"${cifar[@]}" "${ckpts[@]}"
		done
		;;
	*)
		echo "images.sh: unknown experiment $exp (want fig5, table1 or table1-gpu)" >&2
		exit 2
		;;
	esac
done
