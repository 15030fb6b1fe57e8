#!/usr/bin/env bash
# Shared by the scripts that reproduce results in resumable pieces (scripts/reproduce-swimmer-scale.sh,
# scripts/reproduce-predictive-swimmer.sh); sourced, not run. A piece is one `neuroprior sweep --resume` into
# $RUNS/<piece>; when it stops, the small files of every finished run are copied to $OUT/runs/<piece>/<run>/seed<N>/.
#
# The sourcing script sets ROOT, RUNS, OUT, PARALLEL and defines
#   variant_args KEY    the sweep arguments of a variant key, e.g. "--variant=LABEL;ARCH;KEY=VALUE"
#   die MESSAGE         one line on stderr, exit 2
# and may set NP (default $ROOT/neuroprior). A script whose pieces are not sweeps (scripts/reproduce-tactile-comparison.sh:
# tactile-train runs in a loop) uses record_start, finished and collect alone; both kinds of run are recognised.
# scripts/predictive/gridworld-study.sh (one sweep per run, kept as it finishes) uses record_start and trained_with
# alone, with $RUNS/commits.log (record_start . WHAT).
NP="${NP:-$ROOT/neuroprior}"

# usage_on_help "$@": with -h or --help as the first argument, print the calling script's header comment (its usage:
# pieces, settings, how to stop and continue) without the '# ' and exit 0; otherwise do nothing.
usage_on_help() {
  case "${1:-}" in
    -h|--help) awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "${BASH_SOURCE[1]}"; exit 0 ;;
  esac
}
NICE=(nice -n 19)

# The MLP baseline of the swimmer results (LABEL;ARCH;OPTIONS for `sweep --variant`), shared by their scripts.
MLP64_VARIANT="mlp (64, 64) tanh;mlp;hidden=64,64;activation=tanh"

# The commit of this checkout, with "-dirty" when sources differ from it ("unknown" outside a git checkout); the one
# rule is scripts/commit-of-checkout.sh's, which ./neuroprior also passes to the runs' config.yaml.
commit_of_checkout() {
  "$ROOT/scripts/commit-of-checkout.sh"
}

# The OpenBLAS kernel set the runs use: the caller's OPENBLAS_CORETYPE, else the launcher's choice
# (scripts/openblas-coretype.sh), else "auto" (OpenBLAS's own). Kernel sets change results in the last bits.
openblas_coretype() {
  local c="${OPENBLAS_CORETYPE:-$("$ROOT/scripts/openblas-coretype.sh" 2>/dev/null || true)}"
  echo "${c:-auto}"
}

# record_start PIECE WHAT: appends "TIME COMMIT PIECE WHAT openblas_coretype=KERNELS" to $RUNS/<piece>/commits.log
# (what collect's trained_with.txt is cut from)
record_start() {
  mkdir -p "$RUNS/$1"
  echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) $(commit_of_checkout) $1 $2 openblas_coretype=$(openblas_coretype)" >> "$RUNS/$1/commits.log"
}

# sweep PIECE DEFAULT_VARIANTS DEFAULT_SEEDS DEFAULT_STEPS [extra sweep arguments...]
# VARIANTS, SEEDS and STEPS in the environment override the defaults; EPOCH_STEPS (default 20000) is the steps between
# two log rows. Each start appends the commit of this checkout
# to $RUNS/<piece>/commits.log; the piece's finished runs are collected when the sweep ends or stops.
sweep() {
  local piece="$1" variants="${VARIANTS:-$2}" seeds="${SEEDS:-$3}" steps="${STEPS:-$4}"
  shift 4
  local args=() v
  IFS=',' read -ra keys <<< "$variants"
  for v in "${keys[@]}"; do args+=("$(variant_args "$v")"); done
  record_start "$piece" "variants=$variants seeds=$seeds steps=$steps"
  local rc=0
  "${NICE[@]}" "$NP" sweep "${args[@]}" "$@" --seeds "$seeds" --steps "$steps" --epoch-steps "${EPOCH_STEPS:-20000}" \
    --parallel "$PARALLEL" --out "$RUNS/$piece" --resume || rc=$?
  collect "$piece"
  return $rc
}

# true when the run in $1 is done: an RL run (config.yaml has steps) logged its configured number of steps; a
# tactile-train run (config.yaml has epochs) logged its configured epochs, or stopped early: its last row's
# validate/epochs_since_best (the trainer's early-stopping counter) reached its patience (> 0)
finished() {
  local want have
  if ! grep -q '^steps:' "$1/config.yaml" && grep -q '^epochs:' "$1/config.yaml"; then
    awk -F, -v epochs="$(sed -n 's/^epochs: *//p' "$1/config.yaml" | head -n1)" \
        -v patience="$(sed -n 's/^patience: *//p' "$1/config.yaml" | head -n1)" '
      NR == 1 { for (i = 1; i <= NF; i++) { if ($i == "train/epoch") e = i; if ($i == "validate/epochs_since_best") b = i }; next }
      { last = $e + 0; since = b ? $b + 0 : 0 }
      END { exit !(last >= epochs || (patience > 0 && since >= patience)) }' "$1/log.csv"
    return
  fi
  want="$(sed -n 's/^steps: *//p' "$1/config.yaml" | head -n1)"
  have="$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "train/steps") c = i; next } { s = $c } END { print s + 0 }' "$1/log.csv")"
  [ -n "$want" ] && [ "$have" -ge "$want" ]
}

# trained_with RUN_DIR COMMITS_LOG TARGET: writes TARGET/trained_with.txt, the lines of COMMITS_LOG (record_start's)
# up to the end of the run in RUN_DIR (its log.csv's last change): every start recorded before the run ended, so
# the commits whose code trained it are among them (with starts before the run's own, which did not train it).
trained_with() {
  local end
  end="$(date -u -r "$1/log.csv" +%Y-%m-%dT%H:%M:%SZ)"
  awk -v end="$end" '$1 <= end' "$2" > "$3/trained_with.txt.tmp"
  mv "$3/trained_with.txt.tmp" "$3/trained_with.txt"
}

# Copies the small files (config.yaml, log.csv, transfer.csv; of tactile runs tactile-eval's test.csv, confusion.csv
# and probe.csv; and trained_with.txt: the commits.log lines up to the run's end) of every finished run of a piece to
# $OUT/runs/<piece>/<run>/seed<N>/; unfinished runs are not copied.
collect() {
  local piece="$1" log dir rel target
  [ -d "$RUNS/$piece" ] || return 0
  while IFS= read -r log; do
    dir="$(dirname "$log")"
    rel="${dir#"$RUNS/$piece/"}"
    finished "$dir" || { echo "not finished (not copied): $piece/$rel"; continue; }
    target="$OUT/runs/$piece/$rel"
    mkdir -p "$target"
    for f in config.yaml log.csv transfer.csv test.csv confusion.csv probe.csv; do
      if [ -f "$dir/$f" ]; then cp "$dir/$f" "$target/$f.tmp" && mv "$target/$f.tmp" "$target/$f"; fi
    done
    trained_with "$dir" "$RUNS/$piece/commits.log" "$target"
    echo "copied: $piece/$rel"
  done < <(find "$RUNS/$piece" -name log.csv | sort)
}
