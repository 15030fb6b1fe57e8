#!/usr/bin/env bash
# The horizon claim of Fang and Stachenfeld 2024 (ICLR): longer prediction horizons help transfer. Prediction with
# gamma in {0, 0.25, 0.5, 0.8} (+ both negative terms; the loss weights their code selected for the shuffled grid)
# on the shuffled gridworld whose hidden goal moves after training episode 601 (transfer: goal, transfer_after 601:
# the first 601 episodes are the headline protocol's, so the score before the move is comparable to it); learning
# continues for AFTER more episodes (default 300), a 15-episode greedy test after every episode. MOVE (default 601)
# moves the goal earlier, for a smoke test.
# Resumable (scripts/predictive/gridworld-study.sh): re-run it to continue; SEEDS picks which (default 1..10),
# PARALLEL how many runs at a time (default 2, under nice). Figures, from the committed files: the whole curves
# (results/predictive-transfer/), the success before the move (before-move/: the last 5 tests up to episode 601)
# and after it (the last 5 tests of the run), as interquartile means with 95% bootstrap intervals.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STUDY="${STUDY:-predictive-transfer}"
MOVE="${MOVE:-601}"
AFTER="${AFTER:-300}"
ENV_OPTIONS="{shuffle: true, transfer: goal, transfer_after: $MOVE}"
ITERATIONS=$((MOVE + AFTER))
SEEDS="${SEEDS:-$(seq -s ' ' 1 10)}"
source "$ROOT/scripts/predictive/gridworld-study.sh"
# The loss weights their code selected for the shuffled grid: [prediction, gamma, each negative term].
declare -A MODELS=(
  ["prediction gamma 0"]="$(heads_options 0.01 0 0.01)"
  ["prediction gamma 0.25"]="$(heads_options 0.01 0.25 0.01)"
  ["prediction gamma 0.5"]="$(heads_options 0.001 0.5 0.01)"
  ["prediction gamma 0.8"]="$(heads_options 0.0001 0.8 0.01)"
)
ORDER=("prediction gamma 0" "prediction gamma 0.25" "prediction gamma 0.5" "prediction gamma 0.8")
run_study

if compgen -G "$OUT/runs/*/seed*/log.csv" > /dev/null; then
  nice -n 19 "$NP" plot "$OUT/runs" --out "$OUT" --x episodes --band sem --bin 5 --improvement-of "prediction gamma 0.8"
  nice -n 19 "$NP" plot "$OUT/runs" --out "$OUT/before-move" --x episodes --band sem --bin 5 --x-max "$MOVE" \
    --improvement-of "prediction gamma 0.8"
fi
