#!/usr/bin/env bash
# Reproduces results/swimmer-swim: NCAP vs MLP (and NCAP ablations) trained with PPO on swimmer-swim (6 links),
# 3 seeds each, then NCAP's zero-shot transfer to 3..13 links, the figures, and a picture of NCAP swimming.
# STEPS (default 300000) is the training budget per run; on 2 cores the sweep takes about 25 minutes per 300k.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STEPS="${STEPS:-300000}"
RUNS="${RUNS:-$ROOT/runs/results}"
OUT="${OUT:-$ROOT/results/swimmer-swim}"
NP="$ROOT/neuroprior"

"$NP" sweep --arch mlp --arch ncap \
  --variant "ncap (no sign constraints);ncap;sign_constraints=false" \
  --variant "ncap (random init);ncap;init=random" \
  --agent ppo --seeds 1,2,3 --steps "$STEPS" --epoch-steps 20000 --parallel 2 --out "$RUNS" --resume
for seed in 1 2 3; do
  "$NP" eval "$RUNS/ncap-ppo/seed$seed" --bodies 3,5,6,7,9,11,13 --episodes 10
done
mkdir -p "$OUT"
"$NP" plot "$RUNS" --out "$OUT"
"$NP" play "$RUNS/ncap-ppo/seed1" --out "$OUT/ncap-swimming"
