#!/usr/bin/env bash
# The headline comparison of Fang and Stachenfeld 2024 (ICLR; their Fig. 2, shuffled gridworld, latent 5) with the
# reference protocol (dqn protocol auxrl): model-free vs + negative terms vs + prediction (gamma 0) + negatives,
# the loss weights their code selected for the shuffled grid. Each (model, seed) is one `neuroprior sweep` run with
# the room's layout (goal and pixel permutation) drawn from layout_seed = seed, as their code draws both per seed;
# 601 episodes, a 15-episode greedy test after each. Resumable: re-run it to continue unfinished runs and skip
# finished ones; SEEDS picks which (default 1..25). Every finished run's small files are copied to
# results/predictive-gridworld/runs/<model>-dqn/seed<N>/ with the commit that trained it, and the plot is redrawn
# from the committed files.
# On 2 shared cores one run takes tens of minutes; PARALLEL runs at a time (default 2), under nice.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS="${RUNS:-$ROOT/runs/predictive-gridworld}"
OUT="${OUT:-$ROOT/results/predictive-gridworld}"
SEEDS="${SEEDS:-$(seq -s ' ' 1 25)}"
PARALLEL="${PARALLEL:-2}"
NP="$ROOT/neuroprior"
COMMIT="$(git -C "$ROOT" rev-parse HEAD)"
mkdir -p "$RUNS/configs" "$OUT/runs"

# model label -> dqn options (weights [prediction, negative consecutive, negative random] of the shuffled grid)
declare -A MODELS=(
  ["model-free"]="{protocol: auxrl}"
  ["negatives"]="{protocol: auxrl, negative_consecutive_weight: 0.01, negative_random_weight: 0.01}"
  ["prediction gamma 0"]="{protocol: auxrl, predictive_weight: 0.01, predictive_gamma: 0, negative_consecutive_weight: 0.01, negative_random_weight: 0.01}"
)
ORDER=("model-free" "negatives" "prediction gamma 0")
for model in "${ORDER[@]}"; do
  slug="$(echo "$model" | tr 'A-Z' 'a-z' | sed -E 's/[^a-z0-9]+/-/g; s/^-|-$//g')"
  cat > "$RUNS/configs/$slug.yaml" <<YAML
env: gridworld
env_options: {shuffle: true}
arch: conv
arch_options: {latent: 5}
agent: dqn
agent_options: ${MODELS[$model]}
steps: 1000000
iterations: 601
YAML
done

# One job per (seed, model), seeds outermost so that partial progress stays balanced.
jobs=()
for seed in $SEEDS; do
  for model in "${ORDER[@]}"; do jobs+=("$seed|$model"); done
done
run() {
  local seed="${1%%|*}" model="${1#*|}"
  local slug; slug="$(echo "$model" | tr 'A-Z' 'a-z' | sed -E 's/[^a-z0-9]+/-/g; s/^-|-$//g')"
  local dir="$RUNS/$slug-dqn/seed$seed" keep="$OUT/runs/$slug-dqn/seed$seed"
  [ -f "$keep/config.yaml" ] && return 0   # finished and kept
  nice -n 19 "$NP" sweep --config "$RUNS/configs/$slug.yaml" --variant "$model;conv" --agent dqn --seeds "$seed" \
    --env-option "layout_seed=$seed" --parallel 1 --out "$RUNS" --resume > "$RUNS/$slug-seed$seed.out" 2>&1 || return 0
  if grep -q "finished at" "$RUNS/$slug-seed$seed.out"; then
    mkdir -p "$keep.tmp"
    cp "$dir"/config.yaml "$dir"/log.csv "$keep.tmp"/
    for f in "$dir"/*.csv; do cp "$f" "$keep.tmp"/; done
    echo "$COMMIT" > "$keep.tmp/commit.txt"
    rm -rf "$keep" && mv "$keep.tmp" "$keep"
    echo "kept $keep"
  fi
}
export -f run
export RUNS OUT NP COMMIT
printf '%s\n' "${jobs[@]}" | xargs -d '\n' -P "$PARALLEL" -I{} bash -c 'run "$@"' _ {}

if compgen -G "$OUT/runs/*/seed*/log.csv" > /dev/null; then
  nice -n 19 "$NP" plot "$OUT/runs" --out "$OUT"
fi
