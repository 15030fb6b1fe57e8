#!/usr/bin/env bash
# The headline comparison of Fang and Stachenfeld 2024 (ICLR; their Fig. 2, shuffled gridworld, latent 5) with the
# reference protocol (dqn protocol auxrl): model-free vs + negative terms vs + prediction (gamma 0) + negatives, the
# loss weights their code selected for the shuffled grid; 601 episodes, a 15-episode greedy test after each.
# Resumable (scripts/predictive/gridworld-study.sh): re-run it to continue; SEEDS picks which (default 1..25),
# PARALLEL how many runs at a time (default 2, under nice). The figures are redrawn from the committed files:
# curves against episodes, mean +- standard error in 5-episode bins (as the paper), final score = mean of the
# last 5 tests (episodes 597 to 601) as interquartile means with 95% bootstrap intervals.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STUDY=predictive-gridworld
ENV_OPTIONS="{shuffle: true}"
ITERATIONS=601
source "$ROOT/scripts/predictive/gridworld-study.sh"
# The loss weights their code selected for the shuffled grid: [prediction, gamma, each negative term].
declare -A MODELS=(
  ["model-free"]="$(heads_options 0 0 0)"
  ["negatives"]="$(heads_options 0 0 0.01)"
  ["prediction gamma 0"]="$(heads_options 0.01 0 0.01)"
)
ORDER=("model-free" "negatives" "prediction gamma 0")
run_study

if compgen -G "$OUT/runs/*/seed*/log.csv" > /dev/null; then
  nice -n 19 "$NP" plot "$OUT/runs" --out "$OUT" --x episodes --band sem --bin 5 --improvement-of "prediction gamma 0"
fi
