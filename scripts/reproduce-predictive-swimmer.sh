#!/usr/bin/env bash
# The embodied piece of issue 13 (predictive auxiliary heads, Fang and Stachenfeld 2024): PPO with an MLP (64, 64)
# tanh on swimmer-swim (6 links), without and with the predictive heads on the MLP's latent (its last hidden layer),
# in pieces that add up across sessions:
#
#   scripts/reproduce-predictive-swimmer.sh PIECE...
#       PIECE: ppo model-free predictive plot whisker whisker-gru whisker-ead whisker-plot
#
#   model-free  PPO + MLP (64, 64) tanh, 1M steps per run, seeds 1,2,3 (the settings of the swimmer-scale piece
#               `ppo`, variant mlp64, so its first 1M steps are the same runs)
#   predictive  the same with the heads: prediction (gamma 0) weight 0.01 and both anti-collapse terms 0.01, the
#               weights the reference code selected for its gamma-0 model on the shuffled grid (not tuned here)
#   ppo         model-free and predictive side by side (two sweeps, each with half of PARALLEL runs at a time)
#   plot        the figures from the committed run files in $OUT/runs (neuroprior plot): curves with standard
#               deviations, final scores as IQM with 95% bootstrap intervals, steps to a score of 800, and the
#               probability that a predictive run beats a model-free one
#   whisker-gru the whisker piece's GRU torso: PPO + GRU (encoder 32, size 32) on whisker-sweep replaying the
#               README's small dataset (box, star, mug, 16 sweeps each, half held out; simulated first into $DATA if
#               absent), 5 frames per step, bptt 22 (a whole sweep), without and with the same heads on its output,
#               44,000 steps (a log row every 4,400), seeds 1,2,3, one sweep after the other
#   whisker-ead the same with the EAD encoder as perception network: the small default ConvRNN carrying its cells'
#               states across agent steps (convrnn:carry_state=true, 5 whisker frames [5, 35, 6] per observation,
#               obs_type=frames), without and with the heads on its latent (the decoder MLP's last layer, 64 wide),
#               side by side (each with half of PARALLEL runs at a time); a smaller budget by default, since this
#               encoder trains through its SameDiff graph at many times the GRU's cost: 22,000 steps, seed 1 (one run
#               each, issue 12's ask); SEEDS=2,3 adds seeds in later sessions, STEPS overrides the budget
#   whisker     whisker-gru, then whisker-ead
#   whisker-plot  the figures of all four from $OUT/runs/whisker
#
# Environment (defaults in brackets): SEEDS [1,2,3; whisker-ead 1]; STEPS [1000000; whisker-gru 44000; whisker-ead
# 22000] steps per run; PARALLEL [2] runs at a time; EPOCH_STEPS [20000; whisker 4400] steps between log rows; RUNS
# [runs/predictive-swimmer] where runs train (checkpoints; not committed); OUT [results/predictive-swimmer]; DATA
# [data/whisker/three] the whisker piece's dataset.
#
# Every piece is a `neuroprior sweep --resume`: stop it with Ctrl-C, or `kill -TERM` its java process when started in
# the background (each run writes a checkpoint), and run the same command again to continue; finished runs are
# skipped. Each start appends the commit of this checkout to $RUNS/<piece>/commits.log; the small files of every
# finished run (config.yaml, log.csv, trained_with.txt: the commits.log lines up to the run's end) are copied to
# $OUT/runs/<piece>/<run>/seed<N>/, ready to commit (scripts/lib/sweep-pieces.sh).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS="${RUNS:-$ROOT/runs/predictive-swimmer}"
OUT="${OUT:-$ROOT/results/predictive-swimmer}"
PARALLEL="${PARALLEL:-2}"

die() { echo "reproduce-predictive-swimmer: $*" >&2; exit 2; }

source "$ROOT/scripts/lib/sweep-pieces.sh"

variant_args() {
  case "$1" in
    mlp64) echo "--variant=$MLP64_VARIANT" ;;
    mlp64-predictive) echo "--variant=mlp (64, 64) tanh + predictive;${MLP64_VARIANT#*;}" ;;
    gru32) echo "--variant=gru 32;$GRU32" ;;
    gru32-predictive) echo "--variant=gru 32 + predictive;$GRU32" ;;
    ead) echo "--variant=convrnn carry_state;$EAD" ;;
    ead-predictive) echo "--variant=convrnn carry_state + predictive;$EAD" ;;
    *) die "unknown variant '$1'; accepted: mlp64, mlp64-predictive, gru32, gru32-predictive, ead, ead-predictive" ;;
  esac
}

# The heads' options (docs/predictive.md): prediction at gamma 0 and both negative terms, each weighted 0.01.
HEADS=(--agent-option predictive_weight=0.01 --agent-option predictive_gamma=0
       --agent-option negative_random_weight=0.01 --agent-option negative_consecutive_weight=0.01)

piece_model_free() { sweep ppo/model-free mlp64 1,2,3 1000000 --agent ppo; }
piece_predictive() { sweep ppo/predictive mlp64-predictive 1,2,3 1000000 --agent ppo "${HEADS[@]}"; }

# The whisker piece: the README's whisker-sweep example (dataset, GRU, PPO settings), without and with the heads; and
# the EAD encoder of docs/ead.md ("Perception network of an RL agent") in the GRU's place, on the frames observation.
DATA="${DATA:-$ROOT/data/whisker/three}"
GRU32="gru;encoder=32;size=32"
EAD="convrnn;carry_state=true"
WHISKER=(--agent ppo --agent-option segment=880 --agent-option bptt=22 --agent-option actor_learning_rate=1e-3)

# The dataset (whisker-data resumes: a finished one is checked and kept), and the sweeps' base config.
whisker_config() {
  "${NICE[@]}" "$NP" whisker-data --protocol low --set distance=5 --set height=0 --classes box,star,mug --per-class 16 \
    --links 4 --split 0.5,0,0.5 --seed 4 --out "$DATA"
  mkdir -p "$RUNS/whisker"
  printf 'env: whisker-sweep\nenv_options: {dataset: "%s", frames_per_step: 5}\n' "$DATA" > "$RUNS/whisker/base.yaml"
}

piece_whisker_gru() {
  whisker_config
  local EPOCH_STEPS="${EPOCH_STEPS:-4400}"
  sweep whisker/gru/model-free gru32 1,2,3 44000 --config "$RUNS/whisker/base.yaml" "${WHISKER[@]}"
  sweep whisker/gru/predictive gru32-predictive 1,2,3 44000 --config "$RUNS/whisker/base.yaml" "${WHISKER[@]}" "${HEADS[@]}"
}

# The EAD runs' budget (results/predictive-swimmer/README.md, "Whisker task": the cost behind it).
EAD_SEEDS=1
EAD_STEPS=22000

whisker_ead_model_free() {
  sweep whisker/ead/model-free ead $EAD_SEEDS $EAD_STEPS --config "$RUNS/whisker/base.yaml" --env-option obs_type=frames "${WHISKER[@]}"
}
whisker_ead_predictive() {
  sweep whisker/ead/predictive ead-predictive $EAD_SEEDS $EAD_STEPS --config "$RUNS/whisker/base.yaml" \
    --env-option obs_type=frames "${WHISKER[@]}" "${HEADS[@]}"
}
piece_whisker_ead() {
  whisker_config # builds first if the sources changed, so the two sweeps do not both build
  EPOCH_STEPS="${EPOCH_STEPS:-4400}" side_by_side whisker_ead_model_free whisker_ead_predictive
}

# Every group in one set of figures; the probability of improvement of each torso's run with the heads over every
# other group, for the torsos with finished runs with the heads.
piece_whisker_plot() {
  [ -d "$OUT/runs/whisker" ] || { echo "no finished runs in $OUT/runs/whisker yet"; return 0; }
  local improvement=()
  [ ! -d "$OUT/runs/whisker/gru/predictive" ] || improvement+=(--improvement-of "gru 32 + predictive")
  [ ! -d "$OUT/runs/whisker/ead/predictive" ] || improvement+=(--improvement-of "convrnn carry_state + predictive")
  "${NICE[@]}" "$NP" plot "$OUT/runs/whisker" --out "$OUT/whisker" "${improvement[@]}"
}

# side_by_side F G: runs the functions F and G at the same time, each with half of PARALLEL runs at a time; fails if
# either does.
side_by_side() {
  local half=$(( (PARALLEL + 1) / 2 )) a=0 b=0
  PARALLEL=$half "$1" & local pa=$!
  PARALLEL=$half "$2" & local pb=$!
  wait $pa || a=$?
  wait $pb || b=$?
  [ $a -eq 0 ] && [ $b -eq 0 ]
}

piece_ppo() {
  "${NICE[@]}" "$NP" --version > /dev/null # builds first if the sources changed, so the two sweeps do not both build
  side_by_side piece_model_free piece_predictive
}

piece_plot() {
  [ -d "$OUT/runs/ppo" ] || { echo "no finished runs in $OUT/runs/ppo yet"; return 0; }
  "${NICE[@]}" "$NP" plot "$OUT/runs/ppo" --out "$OUT/ppo" --threshold 800 --improvement-of "mlp (64, 64) tanh + predictive"
}

usage_on_help "$@"
PIECES="ppo model-free predictive plot whisker whisker-gru whisker-ead whisker-plot"
[ $# -gt 0 ] || die "name one or more pieces (-h: usage): $PIECES"
for piece in "$@"; do
  [[ "$piece" != *" "* && " $PIECES " == *" $piece "* ]] || die "unknown piece '$piece'; accepted: $PIECES"
done
for piece in "$@"; do
  case "$piece" in
    ppo) piece_ppo ;;
    model-free) piece_model_free ;;
    predictive) piece_predictive ;;
    plot) piece_plot ;;
    whisker) piece_whisker_gru; piece_whisker_ead ;;
    whisker-gru) piece_whisker_gru ;;
    whisker-ead) piece_whisker_ead ;;
    whisker-plot) piece_whisker_plot ;;
  esac
done
