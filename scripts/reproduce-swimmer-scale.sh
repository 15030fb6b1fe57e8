#!/usr/bin/env bash
# The swimmer results at the NCAP paper's scale (issue 15), in pieces that add up across sessions:
#
#   scripts/reproduce-swimmer-scale.sh PIECE...      PIECE: ppo es ddpg navigate transfer plot
#
#   ppo       PPO on swimmer-swim (6 links), 2M steps per run, 5 seeds: MLP (64, 64) tanh, MLP (256, 256) relu, NCAP,
#             NCAP without sign constraints, NCAP with random init, NCAP without weight sharing
#   es        the same variants with evolution strategies, 2M steps, 5 seeds (the committed MLP runs were extended
#             because they had not levelled off: STEPS=4000000 VARIANTS=mlp64,mlp256, from scratch)
#   ddpg      DDPG: NCAP and MLP (256, 256) relu, 300k steps, 3 seeds
#   navigate  swimmer-navigate: NCAP with its navigation inputs vs MLP (64, 64) tanh, 1M steps, 3 seeds
#   transfer  each finished NCAP PPO run zero-shot on 3..13 links, and MLP (64, 64) tanh trained on each length in
#             BODIES (1M steps, 3 seeds) and evaluated there. The zero-shot evaluation needs the ppo piece's NCAP
#             checkpoints in $RUNS (never committed): where $RUNS has no NCAP PPO run (a new machine), the piece
#             first trains NCAP's five PPO seeds again (same seeds and settings; 15 to 25 minutes on 2 cores)
#   plot      the figures of every piece from the committed run files in $OUT/runs (neuroprior plot)
#
# Environment (defaults in brackets): VARIANTS [all of the piece's] a comma list of mlp64, mlp256, ncap,
# ncap-nosign, ncap-random, ncap-noshare (navigate: ncap-nav, mlp64); SEEDS [5 or 3 seeds]; STEPS [the piece's];
# PARALLEL [2] runs at a time; BODIES [3,5,7,9,11,13] (transfer); RUNS [runs/swimmer-scale] where runs train
# (checkpoints; not committed); OUT [results/swimmer-scale].
#
# Every piece is one `neuroprior sweep --resume`: stop it with Ctrl-C (each run writes a checkpoint) and run the
# same command again to continue; finished runs are skipped. A piece started in the background (nohup ... &) ignores
# Ctrl-C's signal: stop its java process with `kill -TERM PID`, which does the same. Each start appends the commit of this checkout (with
# "-dirty" when sources differ from it) to $RUNS/<piece>/commits.log. When a piece stops, the small files of every
# finished run (config.yaml, log.csv, transfer.csv, and trained_with.txt: the commits.log lines up to the run's end)
# are copied to $OUT/runs/<piece>/<run>/seed<N>/, ready to commit; unfinished runs are not copied.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS="${RUNS:-$ROOT/runs/swimmer-scale}"
OUT="${OUT:-$ROOT/results/swimmer-scale}"
PARALLEL="${PARALLEL:-2}"
BODIES="${BODIES:-3,5,7,9,11,13}"

die() { echo "reproduce-swimmer-scale: $*" >&2; exit 2; }

# sweep, finished, collect: one piece as a resumable sweep, its finished runs' small files kept; MLP64_VARIANT
source "$ROOT/scripts/lib/sweep-pieces.sh"

# variant key -> sweep arguments (ncap is the plain architecture, labelled "ncap")
variant_args() {
  case "$1" in
    mlp64) echo "--variant=$MLP64_VARIANT" ;;
    mlp256) echo "--variant=mlp (256, 256) relu;mlp;hidden=256,256;activation=relu" ;;
    ncap) echo "--arch=ncap" ;;
    ncap-nosign) echo "--variant=ncap (no sign constraints);ncap;sign_constraints=false" ;;
    ncap-random) echo "--variant=ncap (random init);ncap;init=random" ;;
    ncap-noshare) echo "--variant=ncap (no weight sharing);ncap;sharing=false" ;;
    ncap-nav) echo "--variant=ncap (navigation);ncap;navigation=true" ;;
    *) die "unknown variant '$1'; accepted: mlp64, mlp256, ncap, ncap-nosign, ncap-random, ncap-noshare, ncap-nav" ;;
  esac
}


piece_transfer() {
  local bodies_list="${BODIES//,/ }" n dir
  # NCAP trained with PPO on 6 links, zero-shot on 3..13 links (finished runs only). Without the ppo piece's NCAP
  # runs here nothing would be evaluated, silently: train them again first (their files replace the committed ones)
  if ! compgen -G "$RUNS/ppo/ncap-ppo/seed*" > /dev/null; then
    echo "reproduce-swimmer-scale: transfer: no NCAP PPO run in $RUNS/ppo; training NCAP's PPO seeds 1-5 first" >&2
    VARIANTS=ncap SEEDS=1,2,3,4,5 STEPS=2000000 sweep ppo ncap 1,2,3,4,5 2000000 --agent ppo || return $?
  fi
  for dir in "$RUNS"/ppo/ncap-ppo/seed*; do
    [ -f "$dir/log.csv" ] && finished "$dir" || continue
    [ -f "$dir/transfer.csv" ] || "${NICE[@]}" "$NP" eval "$dir" --bodies 3,4,5,6,7,8,9,10,11,12,13 --episodes 10
  done
  collect ppo
  # MLPs trained on each length, evaluated on it
  for n in $bodies_list; do
    VARIANTS="${VARIANTS:-mlp64}" sweep "transfer/bodies$n" mlp64 1,2,3 1000000 --env-option "bodies=$n" || return $?
    for dir in "$RUNS/transfer/bodies$n"/*/seed*; do
      [ -f "$dir/log.csv" ] && finished "$dir" || continue
      [ -f "$dir/transfer.csv" ] || "${NICE[@]}" "$NP" eval "$dir" --bodies "$n" --episodes 10
    done
    collect "transfer/bodies$n"
  done
}

piece_plot() {
  local p
  local poi
  for p in ppo es ddpg; do
    [ -d "$OUT/runs/$p" ] || continue
    poi=(); [ -d "$OUT/runs/$p/ncap-$p" ] && poi=(--improvement-of ncap)
    "${NICE[@]}" "$NP" plot "$OUT/runs/$p" --out "$OUT/$p" --threshold 800 "${poi[@]}"
  done
  if [ -d "$OUT/runs/navigate" ]; then
    poi=(); [ -d "$OUT/runs/navigate/ncap-navigation-ppo" ] && poi=(--improvement-of "ncap (navigation)")
    "${NICE[@]}" "$NP" plot "$OUT/runs/navigate" --out "$OUT/navigate" "${poi[@]}"
  fi
  if [ -d "$OUT/runs/transfer" ] && [ -d "$OUT/runs/ppo/ncap-ppo" ]; then
    "${NICE[@]}" "$NP" plot "$OUT/runs/ppo/ncap-ppo" "$OUT/runs/transfer" --out "$OUT/transfer"
  fi
  return 0
}

usage_on_help "$@"
[ $# -gt 0 ] || die "name one or more pieces (-h: usage): ppo es ddpg navigate transfer plot"
for piece in "$@"; do
  case "$piece" in
    ppo|es|ddpg|navigate|transfer|plot) ;;
    *) die "unknown piece '$piece'; accepted: ppo es ddpg navigate transfer plot" ;;
  esac
done
for piece in "$@"; do
  case "$piece" in
    ppo) sweep ppo mlp64,mlp256,ncap,ncap-nosign,ncap-random,ncap-noshare 1,2,3,4,5 2000000 --agent ppo ;;
    es) sweep es mlp64,mlp256,ncap,ncap-nosign,ncap-random,ncap-noshare 1,2,3,4,5 2000000 --agent es ;;
    ddpg) sweep ddpg ncap,mlp256 1,2,3 300000 --agent ddpg ;;
    navigate)
      mkdir -p "$RUNS"
      printf 'env: swimmer-navigate\n' > "$RUNS/navigate.yaml"
      sweep navigate ncap-nav,mlp64 1,2,3 1000000 --agent ppo --config "$RUNS/navigate.yaml" ;;
    transfer) piece_transfer ;;
    plot) piece_plot ;;
  esac
done
