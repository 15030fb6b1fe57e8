#!/usr/bin/env bash
# Runs one study of the predictive-heads gridworld (Fang and Stachenfeld 2024, ICLR) resumably: one `neuroprior sweep`
# run per (model, seed) with the reference protocol (dqn protocol auxrl), the room's layout (goal and pixel permutation)
# drawn from layout_seed = seed, as their code draws both per seed. Re-run it to continue unfinished runs and skip
# finished ones. Every finished run's small files (config.yaml, log.csv, eval CSVs) are copied to
# $OUT/runs/<model>-dqn/seed<N>/ with trained_with.txt: the lines of $RUNS/commits.log (each start of the study
# appends its time, commit and OpenBLAS kernels) up to the run's end, as the other reproduce scripts record them.
# Sourced by the study scripts (scripts/reproduce-predictive-*.sh), which describe their models with
# `heads_options` and then call `run_study` with these set:
#   STUDY        the study's name (runs/$STUDY, results/$STUDY)
#   ENV_OPTIONS  the gridworld's options, YAML flow map, e.g. "{shuffle: true}"
#   ITERATIONS   training episodes per run
#   MODELS       associative array: model label -> dqn options (YAML flow map); ORDER: the labels in order
# and may set SEEDS (default 1..25), PARALLEL (runs at a time, default 2), RUNS and OUT.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$ROOT/scripts/lib/sweep-pieces.sh" # record_start, trained_with

# The dqn options of a model under the reference protocol: heads_options PREDICTION GAMMA NEGATIVES, the loss
# weights [prediction, horizon gamma, each negative term] (0 0 0: model-free).
heads_options() {
  local o="{protocol: auxrl"
  [ "$1" != 0 ] && o+=", predictive_weight: $1, predictive_gamma: $2"
  [ "$3" != 0 ] && o+=", negative_consecutive_weight: $3, negative_random_weight: $3"
  echo "$o}"
}

run_study() {
RUNS="${RUNS:-$ROOT/runs/$STUDY}"
OUT="${OUT:-$ROOT/results/$STUDY}"
SEEDS="${SEEDS:-$(seq -s ' ' 1 25)}"
PARALLEL="${PARALLEL:-2}"
mkdir -p "$RUNS/configs" "$OUT/runs"
record_start . "seeds=$SEEDS"

slug() { echo "$1" | tr 'A-Z' 'a-z' | sed -E 's/[^a-z0-9]+/-/g; s/^-|-$//g'; }

for model in "${ORDER[@]}"; do
  cat > "$RUNS/configs/$(slug "$model").yaml" <<YAML
env: gridworld
env_options: ${ENV_OPTIONS}
arch: conv
arch_options: {latent: 5}
agent: dqn
agent_options: ${MODELS[$model]}
steps: 1000000
iterations: ${ITERATIONS}
YAML
done

# One job per (seed, model), seeds outermost so that partial progress stays balanced.
jobs=()
for seed in $SEEDS; do
  for model in "${ORDER[@]}"; do jobs+=("$seed|$model"); done
done
run() {
  local seed="${1%%|*}" model="${1#*|}"
  local s; s="$(slug "$model")"
  local dir="$RUNS/$s-dqn/seed$seed" keep="$OUT/runs/$s-dqn/seed$seed"
  [ -f "$keep/config.yaml" ] && return 0   # finished and kept
  nice -n 19 "$NP" sweep --config "$RUNS/configs/$s.yaml" --variant "$model;conv" --agent dqn --seeds "$seed" \
    --env-option "layout_seed=$seed" --parallel 1 --out "$RUNS" --resume > "$RUNS/$s-seed$seed.out" 2>&1 || return 0
  if grep -q "finished at" "$RUNS/$s-seed$seed.out"; then
    mkdir -p "$keep.tmp"
    for f in "$dir"/config.yaml "$dir"/*.csv; do cp "$f" "$keep.tmp"/; done
    trained_with "$dir" "$RUNS/commits.log" "$keep.tmp"
    rm -rf "$keep" && mv "$keep.tmp" "$keep"
    echo "kept $keep"
  fi
}
export -f run slug trained_with
export RUNS OUT NP
printf '%s\n' "${jobs[@]}" | xargs -d '\n' -P "$PARALLEL" -I{} bash -c 'run "$@"' _ {}
}
