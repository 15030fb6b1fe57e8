#!/usr/bin/env bash
# Reproduces results/swimmer-swim-es: NCAP (and its ablations) and MLP trained with evolution strategies on
# swimmer-swim (6 links), 3 seeds each. ES is cheap here (about 20k steps/s on 2 cores), so STEPS defaults to 1M.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STEPS="${STEPS:-1000000}"
RUNS="${RUNS:-$ROOT/runs/results-es}"
OUT="${OUT:-$ROOT/results/swimmer-swim-es}"
NP="$ROOT/neuroprior"

"$NP" sweep --arch mlp --arch ncap \
  --variant "ncap (no sign constraints);ncap;sign_constraints=false" \
  --variant "ncap (random init);ncap;init=random" \
  --variant "ncap (no sharing);ncap;sharing=false" \
  --agent es --seeds 1,2,3 --steps "$STEPS" --epoch-steps 50000 --parallel 1 --out "$RUNS" --resume
mkdir -p "$OUT"
"$NP" plot "$RUNS" --out "$OUT"
