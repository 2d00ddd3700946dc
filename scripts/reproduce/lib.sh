# lib.sh holds what the reproduction scripts share; they source it after
# setting SGAN (the sgan binary) and ITERS, and defining say.

# train_run DIR ARGS... trains one run into DIR, a folder of its own, with
# `sgan train --out DIR --iterations $ITERS ARGS...`, unless DIR holds a run
# whose checkpoint of iteration $ITERS exists; an interrupted run is resumed
# from its newest checkpoint instead. It prints the run directory on stdout;
# sgan's own output goes to stderr.
train_run() {
	local dir=$1
	shift
	local run last
	run=$(ls -d "$dir"/0001-* 2>/dev/null | head -n 1 || true)
	last=$(printf 'ckpt-%08d.sgan' "$ITERS")
	if [[ -z $run ]]; then
		say "$SGAN" train --out "$dir" --iterations "$ITERS" "$@" >&2
		run=$(ls -d "$dir"/0001-* | head -n 1)
	elif [[ ! -f $run/checkpoints/$last ]]; then
		say "$SGAN" train --resume "$run" --iterations "$ITERS" >&2
	fi
	echo "$run"
}

# figure_name DATASET VARIANTS WIDTH MSG SEED prints the name of the figures
# of one invocation's runs: DATASET, the VARIANTS joined by "+", then
# -wWIDTH, -msgMSG when MSG is set, and -seedSEED; for example
# `figure_name mnist "gan dragan" 32 10 2` prints
# mnist-gan+dragan-w32-msg10-seed2. Runs of other settings then do not
# overwrite each other's figures.
figure_name() {
	local name="$1-${2// /+}-w$3"
	if [[ -n $4 ]]; then
		name+="-msg$4"
	fi
	echo "$name-seed$5"
}
