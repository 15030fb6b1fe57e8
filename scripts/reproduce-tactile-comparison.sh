#!/usr/bin/env bash
# The tactile comparison of issue 12 ("Results to commit"), in pieces that add up across sessions:
#
#   scripts/reproduce-tactile-comparison.sh PIECE...   PIECE: sizes dataset lr seeds simclr eval plot status
#
#   sizes    each model's parameters and forward GFLOP per sample on the dataset's classes -> $OUT/sizes.csv
#   dataset  `neuroprior whisker-data` into $DATA (not committed): CLASSES (default all 15), PER_CLASS sweeps each, seed 1,
#            split SPLIT; its dataset.json is copied to $OUT/dataset.json, or, when $OUT/dataset.json is committed
#            already, must be the same data (whisker-data --same-as: settings checked before simulating, every shard's
#            CRC-32 after; a difference stops it with one line naming the first differing field, exit code 2) and the
#            committed file is left as it is (resumable: run it again to finish it)
#   lr       every model at every learning rate of LRS, seed 1 (supervised, AdamW, cosine schedule with warmup)
#   seeds    every model at its chosen learning rate, seeds SEEDS; the chosen rate is the lr piece's run with the highest
#            validation top-1 at its lowest validation loss (the epoch tactile-eval scores), read from the copied
#            files in $OUT/runs/lr and written to $OUT/chosen_lr.csv; the lr piece's run at that rate is seed 1 (copied,
#            not trained again, when it is on this machine and its epochs and patience are this piece's); when its runs
#            end (or it is stopped) it scores each finished run on the test split as `eval` does
#   simclr   SimCLR (--objective simclr) of SIMCLR_MODELS at their chosen rates, seeds SIMCLR_SEEDS; then the linear
#            probe of each finished run, as `eval` does
#   eval     tactile-eval of every finished seeds run on the test split (test.csv, confusion.csv), and the linear probe
#            of every finished simclr run against random-init features (probe.csv)
#   plot     the figures from the copied files in $OUT/runs (neuroprior plot): $OUT/seeds (learning curves, test
#            top-1 / top-5 bars), $OUT/lr/lr<LR> (learning curves at each rate), $OUT/simclr (the probe)
#   status   each run's epochs so far, and whether it is finished, stopped or failed
#
# Time (estimates from benchmarks, not measured runs; docs/ead.md, "Reproducing the comparison", for the sums): sizes
# under a minute, dataset about 50 min on 2 cores, lr at most about 125 min, seeds at most about 85 min (125 on a new
# machine: seed 1 is trained again), simclr about 30 min, eval about 5 min, plot about a minute. Only git survives a
# session (a new machine each time): every session starts with `dataset` (~50 min, checked against the committed
# manifest) and keeps only the runs that finish in the ~40 min left of 90; a run still going at the end is lost.
# That is about 11 sessions of 90 minutes (5 of `dataset lr`, 5 of `dataset seeds`, 1 of `dataset simclr plot`);
# `seeds` and `simclr` score their finished runs themselves, also when stopped (the trained models are not
# committed, so a run not scored on the machine that trained it would have to be trained again). Runs committed by
# an earlier session are skipped. More with other runs on the cores. `status` lists this machine's runs.
#
# Models (MODELS, a comma list of keys; the specs and their sizes: docs/ead.md, "Reproducing the comparison"):
#   td      convrnn (TimeDecay cells, MLP decoder)
#   ugrnn   convrnn with UGRNN cells, narrower (widths 8,12,20,28,28,20, fc 224,64) so its cost stays within 2x
#   gpt     convrnn + GPT attender (TimeDecay cells, linear decoder)
#   resnet  the feedforward ResNet encoder (MLP decoder)
#   s4      the S4D state-space encoder (MLP decoder)
#
# Environment (defaults in brackets): MODELS [td,ugrnn,gpt,resnet,s4]; LRS [3e-4,1e-3,3e-3]; SEEDS [1,2,3]; LR [the
# lr piece's choice per model] one rate for the seeds and simclr pieces; EPOCHS [15] at most, PATIENCE [5] early
# stopping; BATCH [32]; SIMCLR_MODELS [gpt]; SIMCLR_SEEDS [1]; PROBE_EPOCHS [100]; PARALLEL [2] runs at a time (each
# on one thread); DATA [data/whisker/tactile-comparison]; PER_CLASS [400]; CLASSES [all]; SPLIT [0.8,0.1,0.1]; RUNS [runs/tactile-comparison]
# where runs train (checkpoints; not committed); OUT [results/tactile-comparison].
#
# Stop a piece with Ctrl-C, or `kill -TERM PID` of this script when it runs in the background (nohup ... &): it sends
# SIGTERM to its tactile-train runs, each of which writes a checkpoint and stops. Run the same command again on the
# same machine to continue: a run with a checkpoint resumes exactly (tactile-train --resume), a finished one is skipped, and one that
# failed (e.g. diverged at a high learning rate: a deterministic failure) keeps its failed.txt and is skipped until
# that file is removed; failed.txt is copied to $OUT/runs as well, and a failed lr run is no candidate for the
# chosen rate. Each start appends the commit of this checkout (with "-dirty" when sources differ from it) to
# $RUNS/<piece>/commits.log. When a piece stops, the small files of every finished run (config.yaml, log.csv, the
# eval CSVs, and trained_with.txt: the commits.log lines up to the run's end) are copied to
# $OUT/runs/<piece>/.../seed<N>/, ready to commit; unfinished runs are not copied. Each run's console output is in
# its run directory, console.txt.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS="${RUNS:-$ROOT/runs/tactile-comparison}"
OUT="${OUT:-$ROOT/results/tactile-comparison}"
DATA="${DATA:-$ROOT/data/whisker/tactile-comparison}"
PARALLEL="${PARALLEL:-2}"
MODELS="${MODELS:-td,ugrnn,gpt,resnet,s4}"
LRS="${LRS:-3e-4,1e-3,3e-3}"
SEEDS="${SEEDS:-1,2,3}"
EPOCHS="${EPOCHS:-15}"
PATIENCE="${PATIENCE:-5}"
BATCH="${BATCH:-32}"
PER_CLASS="${PER_CLASS:-400}"
SPLIT="${SPLIT:-0.8,0.1,0.1}"
SIMCLR_MODELS="${SIMCLR_MODELS:-gpt}"
SIMCLR_SEEDS="${SIMCLR_SEEDS:-1}"
PROBE_EPOCHS="${PROBE_EPOCHS:-100}"

die() { echo "reproduce-tactile-comparison: $*" >&2; exit 2; }

# record_start, finished, collect (tactile runs are recognised by their epochs): runs' small files kept per piece
source "$ROOT/scripts/lib/sweep-pieces.sh"

# model key -> tactile-train model spec
model_spec() {
  case "$1" in
    td) echo "convrnn:timedecay" ;;
    ugrnn) echo "convrnn:ugrnn+widths=8,12,20,28,28,20+fc=224,64" ;;
    gpt) echo "convrnn:timedecay+gpt" ;;
    resnet) echo "resnet" ;;
    s4) echo "s4" ;;
    *) die "unknown model '$1'; accepted: td, ugrnn, gpt, resnet, s4" ;;
  esac
}

# a spec as a directory name, as tactile-train names its default run directory
spec_dir() { echo "$1" | sed 's/[^A-Za-z0-9_.=+-]/_/g'; }

split_list() { local -n into="$2"; IFS=',' read -ra into <<< "$1"; }

# ------------------------------------------------------------------------------------------ runs, PARALLEL at a time

declare -A PIDS=()   # pid -> run directory
STOPPING=0
FAILED=0

stop_all() {
  STOPPING=1
  local pid
  for pid in "${!PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  echo "stopping: sent SIGTERM to ${#PIDS[@]} run(s); each writes a checkpoint" >&2
}
trap stop_all INT TERM

# waits for one run to end and reports it; a failed run gets failed.txt (exit code and its last output line)
reap() {
  local pid="" rc=0 dir
  wait -n -p pid "${!PIDS[@]}" || rc=$?
  [ -n "${pid:-}" ] || return 0 # interrupted by a signal (wait unsets pid)
  dir="${PIDS[$pid]}"
  unset "PIDS[$pid]"
  case "$rc" in
    0) echo "ended: ${dir#"$RUNS/"}" ;;
    130|143) echo "stopped (checkpoint written): ${dir#"$RUNS/"}" ;;
    *) FAILED=1
       echo "exit code $rc: $(tail -n 1 "$dir/console.txt")" > "$dir/failed.txt"
       mkdir -p "$OUT/runs/${dir#"$RUNS/"}" && cp "$dir/failed.txt" "$OUT/runs/${dir#"$RUNS/"}/failed.txt"
       echo "FAILED (exit code $rc; $dir/failed.txt): ${dir#"$RUNS/"}" >&2 ;;
  esac
}

# launch DIR COMMAND...: runs `neuroprior COMMAND...` (niced, output appended to DIR/console.txt) once fewer than
# PARALLEL runs are going
launch() {
  local dir="$1"
  shift
  while [ "${#PIDS[@]}" -ge "$PARALLEL" ]; do reap; done
  [ "$STOPPING" = 0 ] || return 0
  mkdir -p "$dir"
  echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) neuroprior $*" >> "$dir/console.txt"
  "${NICE[@]}" "$NP" "$@" >> "$dir/console.txt" 2>&1 &
  PIDS[$!]="$dir"
  echo "started: ${dir#"$RUNS/"}"
}

drain() { while [ "${#PIDS[@]}" -gt 0 ]; do reap; done; }

# train PIECE DIR SPEC LR SEED [more tactile-train options]: trains, resumes or skips the run in DIR
train() {
  local piece="$1" dir="$2" spec="$3" lr="$4" seed="$5"
  shift 5
  if [ -f "$dir/failed.txt" ]; then echo "failed before (skipped; remove $dir/failed.txt to retry): ${dir#"$RUNS/"}"; return 0; fi
  # on a new machine $RUNS is empty: a run committed by an earlier session (finished or failed) is not trained again
  local kept="$OUT/runs/${dir#"$RUNS/"}"
  if [ ! -e "$dir" ] && { [ -f "$kept/log.csv" ] || [ -f "$kept/failed.txt" ]; }; then
    echo "committed by an earlier session (skipped; $kept): ${dir#"$RUNS/"}"; return 0
  fi
  if [ -f "$dir/log.csv" ] && finished "$dir"; then echo "finished: ${dir#"$RUNS/"}"; return 0; fi
  [ "$STOPPING" = 0 ] || return 0
  record_start "$piece" "${dir#"$RUNS/$piece/"} model=$spec learning_rate=$lr seed=$seed epochs=$EPOCHS $*"
  if [ -f "$dir/checkpoint.bin" ]; then
    launch "$dir" tactile-train --resume --out "$dir" --epochs "$EPOCHS"
  else
    launch "$dir" tactile-train --dataset "$DATA" --model "$spec" --learning-rate "$lr" --seed "$seed" --epochs "$EPOCHS" \
      --patience "$PATIENCE" --batch-size "$BATCH" --out "$dir" "$@"
  fi
}

# ends a piece: waits for its runs, copies the finished ones; exit code 130 when stopped, 1 when a run failed
finish_piece() {
  drain
  local p
  for p in "$@"; do collect "$p"; done
  [ "$STOPPING" = 0 ] || exit 130
  [ "$FAILED" = 0 ] || return 1
}

# ------------------------------------------------------------------------------------------ the learning rate

# the validation loss and top-1 of a run's epoch with the lowest validation loss (row 0, untrained, excluded)
best_epoch() {
  awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) { if ($i == "train/epoch") e = i; if ($i == "validate/loss") l = i; if ($i == "validate/top1") t = i }; next }
    $e + 0 >= 1 && $l != "" && $l != "NaN" && (best == "" || $l + 0 < best) { best = $l + 0; top = $t + 0 }
    END { if (best == "") exit 1; printf "%s %s\n", best, top }' "$1/log.csv"
}

# chosen_lr KEY: LR if set, else the rate of the copied lr run with the highest validation top-1 at its best epoch
# (ties: the lower validation loss); dies when a rate of LRS has no finished run for the model
chosen_lr() {
  if [ -n "${LR:-}" ]; then echo "$LR"; return; fi
  local key="$1" d lr line loss top best_lr="" best_top="" best_loss=""
  d="$(spec_dir "$(model_spec "$key")")"
  local lrs; split_list "$LRS" lrs
  for lr in "${lrs[@]}"; do
    [ ! -f "$OUT/runs/lr/lr$lr/$d/seed1/failed.txt" ] || continue # e.g. diverged: not a candidate
    [ -f "$OUT/runs/lr/lr$lr/$d/seed1/log.csv" ] || die "model $key has no finished lr run at $lr in $OUT/runs/lr (run the lr piece first, or set LR)"
    line="$(best_epoch "$OUT/runs/lr/lr$lr/$d/seed1")" || die "model $key at $lr: no validation loss in its log"
    read -r loss top <<< "$line"
    if [ -z "$best_lr" ] || awk -v t="$top" -v l="$loss" -v bt="$best_top" -v bl="$best_loss" \
        'BEGIN { exit !(t + 0 > bt + 0 || (t + 0 == bt + 0 && l + 0 < bl + 0)) }'; then
      best_lr="$lr"; best_top="$top"; best_loss="$loss"
    fi
  done
  [ -n "$best_lr" ] || die "model $key: every lr run failed (see $OUT/runs/lr/lr*/$d/seed1/failed.txt); set LR"
  echo "$best_lr"
}

write_chosen_lrs() {
  local key lr models rows=(); split_list "$MODELS" models
  for key in "${models[@]}"; do
    lr="$(chosen_lr "$key")" || exit 2
    rows+=("$key,\"$(model_spec "$key")\",$lr,$([ -n "${LR:-}" ] && echo "LR set" || echo "highest validation top-1 at the lowest validation loss of its runs/lr runs")")
  done
  mkdir -p "$OUT"
  { echo "model,spec,learning_rate,chosen_by"
    for key in "${rows[@]}"; do
      echo "$key"
    done; } > "$OUT/chosen_lr.csv"
  cat "$OUT/chosen_lr.csv"
}

# ------------------------------------------------------------------------------------------ pieces

piece_sizes() {
  local key models specs=(); split_list "$MODELS" models
  for key in "${models[@]}"; do specs+=("$(model_spec "$key")"); done
  local classes=15
  [ -f "$DATA/dataset.json" ] && classes="$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["settings"]["class_names"]))' "$DATA/dataset.json")"
  mkdir -p "$OUT"
  "${NICE[@]}" "$NP" arch cost --classes "$classes" "${specs[@]}" > "$OUT/sizes.csv.tmp" || return $?
  mv "$OUT/sizes.csv.tmp" "$OUT/sizes.csv"
  cat "$OUT/sizes.csv"
}

piece_dataset() {
  local args=(--per-class "$PER_CLASS" --split "$SPLIT" --seed 1 --out "$DATA")
  [ -z "${CLASSES:-}" ] || args+=(--classes "$CLASSES")
  # A committed manifest: this machine's dataset must be the same data (whisker-data --same-as checks the settings
  # before simulating and the finished manifest after; a difference ends it with one line and exit code 2), and the
  # committed files stay as they are. The pieces after it need this dataset: a failure or stop ends the script.
  [ ! -f "$OUT/dataset.json" ] || args+=(--same-as "$OUT/dataset.json")
  record_start dataset "$DATA per_class=$PER_CLASS classes=${CLASSES:-all}"
  "${NICE[@]}" "$NP" whisker-data "${args[@]}" || exit $?
  if [ -f "$OUT/dataset.json" ]; then
    echo "same data as the committed $OUT/dataset.json (left as it is)"
    return 0
  fi
  mkdir -p "$OUT"
  cp "$DATA/dataset.json" "$OUT/dataset.json"
  cp "$RUNS/dataset/commits.log" "$OUT/dataset_made_with.txt"
  echo "copied: $OUT/dataset.json"
}

piece_lr() {
  local key lr models lrs; split_list "$MODELS" models; split_list "$LRS" lrs
  for lr in "${lrs[@]}"; do
    for key in "${models[@]}"; do
      local spec; spec="$(model_spec "$key")"
      train lr "$RUNS/lr/lr$lr/$(spec_dir "$spec")/seed1" "$spec" "$lr" 1
    done
  done
  finish_piece lr
}

# seed 1 of the seeds piece: the lr piece's run at the chosen rate, when it ran with this piece's epochs and patience
reuse_lr_run() {
  local from="$1" to="$2"
  [ ! -e "$to" ] && [ -f "$from/log.csv" ] && finished "$from" || return 1
  grep -qx "epochs: $EPOCHS" "$from/config.yaml" && grep -qx "patience: $PATIENCE" "$from/config.yaml" \
    && grep -qx "batch_size: $BATCH" "$from/config.yaml" || return 1
  mkdir -p "$(dirname "$to")" "$RUNS/seeds"
  cp -a "$from" "$to"
  touch "$RUNS/seeds/commits.log"
  grep -vxF -f "$RUNS/seeds/commits.log" "$RUNS/lr/commits.log" >> "$RUNS/seeds/commits.log" || true
  echo "seed 1 is the lr piece's run: ${from#"$RUNS/"} -> ${to#"$RUNS/"}"
}

piece_seeds() {
  write_chosen_lrs
  local key seed lr spec d models seeds; split_list "$MODELS" models; split_list "$SEEDS" seeds
  for seed in "${seeds[@]}"; do
    for key in "${models[@]}"; do
      spec="$(model_spec "$key")"; d="$(spec_dir "$spec")"; lr="$(chosen_lr "$key")" || exit 2
      if [ "$seed" = 1 ]; then reuse_lr_run "$RUNS/lr/lr$lr/$d/seed1" "$RUNS/seeds/$d/seed1" || true; fi
      train seeds "$RUNS/seeds/$d/seed$seed" "$spec" "$lr" "$seed"
    done
  done
  drain
  evaluate seeds
  finish_piece seeds
}

piece_simclr() {
  local key seed lr spec models seeds; split_list "$SIMCLR_MODELS" models; split_list "$SIMCLR_SEEDS" seeds
  for seed in "${seeds[@]}"; do
    for key in "${models[@]}"; do
      spec="$(model_spec "$key")"; lr="$(chosen_lr "$key")" || exit 2
      train simclr "$RUNS/simclr/$(spec_dir "$spec")/seed$seed" "$spec" "$lr" "$seed" --objective simclr
    done
  done
  drain
  evaluate simclr
  finish_piece simclr
}

# evaluate PIECE: scores the piece's finished runs that have no scores yet (seeds: tactile-eval on the test split,
# test.csv; simclr: the linear probe, probe.csv), also after a stop: a run's model is not committed, so a run left
# unscored on this machine could only be scored on the next one by training it again. A second Ctrl-C stops them.
evaluate() {
  local piece="$1" score log dir was="$STOPPING"
  [ "$piece" = seeds ] && score=test.csv || score=probe.csv
  STOPPING=0
  while IFS= read -r log; do
    dir="$(dirname "$log")"
    finished "$dir" && [ ! -f "$dir/$score" ] || continue
    if [ "$piece" = seeds ]; then launch "$dir" tactile-eval "$dir"
    else launch "$dir" tactile-eval "$dir" --linear-probe --probe-epochs "$PROBE_EPOCHS"; fi
  done < <(find "$RUNS/$piece" -name log.csv 2>/dev/null | sort)
  drain
  [ "$was" = 0 ] || STOPPING=1
}

piece_eval() {
  evaluate seeds
  evaluate simclr
  finish_piece seeds simclr
}

piece_plot() {
  local lrdir
  if [ -d "$OUT/runs/seeds" ]; then "${NICE[@]}" "$NP" plot "$OUT/runs/seeds" --out "$OUT/seeds" || return $?; fi
  for lrdir in "$OUT"/runs/lr/lr*; do
    [ -d "$lrdir" ] || continue
    "${NICE[@]}" "$NP" plot "$lrdir" --out "$OUT/lr/$(basename "$lrdir")" || return $?
  done
  if [ -d "$OUT/runs/simclr" ]; then "${NICE[@]}" "$NP" plot "$OUT/runs/simclr" --out "$OUT/simclr" || return $?; fi
  return 0
}

piece_status() {
  local log dir state
  while IFS= read -r log; do
    dir="$(dirname "$log")"
    if [ -f "$dir/failed.txt" ]; then state="failed: $(cat "$dir/failed.txt")"
    elif finished "$dir"; then state="finished"
    else state="unfinished"; fi
    printf '%-70s epochs %3s of %3s  %s\n' "${dir#"$RUNS/"}" \
      "$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "train/epoch") e = i; next } { s = $e } END { print s + 0 }' "$log")" \
      "$(sed -n 's/^epochs: *//p' "$dir/config.yaml")" "$state"
  done < <(find "$RUNS" -name log.csv 2>/dev/null | sort)
  [ -n "$(find "$RUNS" -name log.csv 2>/dev/null | head -1)" ] \
    || echo "no runs under $RUNS yet; start with: $0 sizes dataset lr"
  return 0
}

PIECES="sizes dataset lr seeds simclr eval plot status"
usage_on_help "$@"
[ $# -gt 0 ] || die "name one or more pieces (-h: usage): $PIECES"
for piece in "$@"; do
  case " $PIECES " in *" $piece "*) ;; *) die "unknown piece '$piece'; accepted: $PIECES" ;; esac
done
for list in "$MODELS" "$SIMCLR_MODELS"; do
  split_list "$list" keys
  for key in "${keys[@]}"; do model_spec "$key" > /dev/null; done
done
for v in EPOCHS PATIENCE BATCH PER_CLASS PARALLEL PROBE_EPOCHS; do
  [[ "${!v}" =~ ^[0-9]+$ ]] || die "$v='${!v}' is not valid; accepted: a whole number"
done
[ "$PARALLEL" -ge 1 ] || die "PARALLEL=0 is not valid; accepted: 1 or more runs at a time"
rc=0
for piece in "$@"; do
  "piece_$piece" || rc=$?
done
exit $rc
