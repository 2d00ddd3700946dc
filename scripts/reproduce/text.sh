#!/usr/bin/env bash
# text.sh reproduces, at CPU scale, the paper's text experiment (Section
# 4.2, Table 2): WGAN-GP against 5-S-WGAN-GP on character sequences of
# Tiny Shakespeare (the paper trains on the One Billion Word Benchmark,
# which cannot be fetched here).
#
#   scripts/reproduce/text.sh PATH/tinyshakespeare.txt
#
# One run of 5-S-WGAN-GP with --baseline gives both sides: the baseline is
# a standard WGAN-GP pair trained from G0's initial weights on the global
# pair's minibatches and noise. Every SAMPLE_EVERY iterations the run
# writes each generator's samples (samples/NNNNNNNN-NAME.txt) and the
# Jensen-Shannon divergences between the character 1- to 4-gram
# distributions of 1,000 samples and 1,000 real sequences, and the
# distinct characters of those samples (evals.jsonl). aggregate text then
# writes $OUT/text.md (for each generator the first iteration at which it
# produces a single character and the first after that at which it
# produces more than one, JSDs, samples as the paper's Table 2) and
# $OUT/jsd.png (JSD against iteration).
#
# Settings (environment): ITERS (default 800), DIM (resnet1d channels, 32;
# the paper's 512 are about 100 times slower here), BATCH (32), PAIRS (5),
# VARIANT (wgan-gp; wgan is the paper's, with RMSProp), MSG (messenger
# steps, default --n-dis as Algorithm 1), SEED (1), SAMPLE_EVERY (10),
# THREADS (libtorch intra-op threads, 1: on a machine whose cores other
# jobs share, two OpenMP threads made an iteration of this run take 294 s
# instead of 3.4 s), OUT (results/text). Each setting has a folder of its
# own under $OUT.
# An interrupted script resumes the run from its newest checkpoint and
# skips it when it is done. Every command it runs is printed first on
# stderr, prefixed with "+ ".
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
if [[ $# -ne 1 || ! -f $1 ]]; then
	echo "usage: scripts/reproduce/text.sh PATH/tinyshakespeare.txt" >&2
	exit 2
fi
DATA=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
ITERS=${ITERS:-800}
DIM=${DIM:-32}
BATCH=${BATCH:-32}
PAIRS=${PAIRS:-5}
VARIANT=${VARIANT:-wgan-gp}
SEED=${SEED:-1}
SAMPLE_EVERY=${SAMPLE_EVERY:-10}
MSG=${MSG:-}
THREADS=${THREADS:-1}
OUT=${OUT:-$ROOT/results/text}
SGAN=$ROOT/build/bin/sgan

say() { echo "+ $*" >&2; "$@"; }

cd "$ROOT"
say make -s build >/dev/null
mkdir -p "$OUT"

name=$PAIRS-S-$VARIANT-dim$DIM
msg=()
if [[ -n $MSG ]]; then
	name=$name-msg$MSG
	msg=(--messenger-steps "$MSG")
fi
dir=$OUT/$name-seed$SEED
run=$(ls -d "$dir"/0001-* 2>/dev/null | head -n 1 || true)
last=$(printf 'ckpt-%08d.sgan' "$ITERS")
if [[ -z $run ]]; then
	say "$SGAN" train --out "$dir" --dataset "$DATA" --pairs "$PAIRS" --baseline \
		--variant "$VARIANT" --width "$DIM" --batch-size "$BATCH" --seed "$SEED" \
		--iterations "$ITERS" --log-every 10 --sample-every "$SAMPLE_EVERY" \
		--checkpoint-every 50 --threads "$THREADS" "${msg[@]}"
	run=$(ls -d "$dir"/0001-* | head -n 1)
elif [[ ! -f $run/checkpoints/$last ]]; then
	say "$SGAN" train --resume "$run" --iterations "$ITERS" --threads "$THREADS"
fi
if [[ ! -f $run/score.json || $run/score.json -ot $run/checkpoints/$last ]]; then
	say "$SGAN" score --run "$run"
fi
runs=$(ls -d "$OUT"/*/0001-* | sort)
# shellcheck disable=SC2086 # one argument per run directory
say go run ./scripts/reproduce/aggregate text -out "$OUT" $runs
