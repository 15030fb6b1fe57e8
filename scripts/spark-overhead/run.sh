#!/usr/bin/env bash
# Overhead of embedded Spark (--engine spark, local[*]) against the built-in engine, for BENCHMARKS.md: the same
# sweep of 8 runs (mlp and ncap, seeds 1-4, PPO on swimmer-swim, STEPS steps each) and the same dataset (box, cone,
# cylinder, torus x PER_CLASS, high protocol), each engine in turn, PAIRS times (interleaved, so that both see the
# same machine). Prints one line per command: wall seconds of the whole command (JVM start included), Spark's
# start-up as the command reports it, and the 1-minute load when it started; then the ratios, and the scaling on
# paper computed from the measured per-task costs (assumptions in BENCHMARKS.md).
# Usage: [STEPS=100000] [PER_CLASS=100] scripts/spark-overhead/run.sh [PAIRS, default 2]. The issue's figures are the
# defaults (8 x 100k steps, 400 sweeps); takes CPU time: run it on a quiet machine, or scale STEPS and PER_CLASS down.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PAIRS="${1:-2}"
STEPS="${STEPS:-100000}"
PER_CLASS="${PER_CLASS:-100}"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
NP="$ROOT/neuroprior"
"$NP" --version >/dev/null # builds first if needed

load() { cut -d' ' -f1 /proc/loadavg; }
timed() { # name, command...: prints "name wall spark_start load"
  local name="$1"; shift
  local l; l="$(load)"
  local t0; t0="$(date +%s.%N)"
  "$@" >"$OUT/$name.out" 2>"$OUT/$name.err" || { echo "$name failed:" >&2; tail -5 "$OUT/$name.err" >&2; exit 1; }
  local t1; t1="$(date +%s.%N)"
  local start; start="$(grep -o 'started in [0-9.]* s' "$OUT/$name.out" | grep -o '[0-9.]*' || echo 0)"
  echo "$name $(echo "$t1 - $t0" | bc) $start $l"
}

sweep() { "$NP" sweep --arch mlp --arch ncap --seeds 1,2,3,4 --steps "$STEPS" --out "$OUT/$1" "${@:2}"; }
data() { "$NP" whisker-data --protocol high --classes box,cone,cylinder,torus --per-class "$PER_CLASS" --seed 1 --out "$OUT/$1" "${@:2}"; }

echo "8 runs x $STEPS steps; $((4 * PER_CLASS)) sweeps; $PAIRS pairs; $(nproc) cores"
{
  for i in $(seq "$PAIRS"); do
    timed "sweep-builtin-$i" sweep "sb$i"
    timed "sweep-spark-$i" sweep "ss$i" --engine spark
    timed "data-builtin-$i" data "db$i"
    timed "data-spark-$i" data "ds$i" --engine spark
  done
} | tee "$OUT/times.txt"

# Every pair's ratio, then the ratio of the sums; the per-task costs behind the scaling on paper: a core-second
# figure is wall seconds x cores / tasks (the built-in engine runs one task per core), Spark's extra cost per task is
# (its wall less its start-up less the built-in wall) x cores / tasks.
awk -v cores="$(nproc)" -v steps="$STEPS" -v sweeps="$((4 * PER_CLASS))" '
  {k=$1; sub(/-[0-9]+$/, "", k); i=$1; sub(/.*-/, "", i); w[k]+=$2; s[k]+=$3; n[k]++; pw[k, i]=$2; ps[k, i]=$3}
  function ceil(x) { return x == int(x) ? x : int(x) + 1 }
  END {
    for (i = 1; i <= n["sweep-builtin"]; i++)
      printf "pair %d: sweep spark/builtin %.3f (less start-up %.3f), data %.3f (less start-up %.3f)\n", i,
        pw["sweep-spark", i] / pw["sweep-builtin", i], (pw["sweep-spark", i] - ps["sweep-spark", i]) / pw["sweep-builtin", i],
        pw["data-spark", i] / pw["data-builtin", i], (pw["data-spark", i] - ps["data-spark", i]) / pw["data-builtin", i];
    printf "sweep: spark/builtin = %.3f (wall), %.3f (wall less Spark start-up, mean %.1f s)\n", w["sweep-spark"]/w["sweep-builtin"], (w["sweep-spark"]-s["sweep-spark"])/w["sweep-builtin"], s["sweep-spark"]/n["sweep-spark"];
    printf "data:  spark/builtin = %.3f (wall), %.3f (wall less Spark start-up, mean %.1f s)\n", w["data-spark"]/w["data-builtin"], (w["data-spark"]-s["data-spark"])/w["data-builtin"], s["data-spark"]/n["data-spark"];
    start = (s["sweep-spark"] + s["data-spark"]) / (n["sweep-spark"] + n["data-spark"]);
    run = w["sweep-builtin"] / n["sweep-builtin"] * cores / 8 * 100000 / steps;        # core-s per 100k-step run
    runExtra = ((w["sweep-spark"] - s["sweep-spark"]) - w["sweep-builtin"]) / n["sweep-spark"] * cores / 8;
    sweep = w["data-builtin"] / n["data-builtin"] * cores / sweeps;                    # core-s per sweep
    shards = ceil(sweeps / 500);
    shardExtra = ((w["data-spark"] - s["data-spark"]) - w["data-builtin"]) / n["data-spark"] * cores / shards;
    printf "per task: a 100k-step run %.0f core-s (scaled from %d steps), a sweep %.3f core-s; Spark adds %.1f s per run task, %.1f s per shard task; start-up %.1f s\n", run, steps, sweep, runExtra, shardExtra, start;
    printf "%-31s %12s %12s %12s %12s\n", "wall time on N cores", "N = 1", "8", "64", "512";
    split("1 8 64 512", N, " ");
    label[1] = "316,192 sweeps (633 shards)"; tasks[1] = 633; cost[1] = 500 * sweep + (shardExtra > 0 ? shardExtra : 0);
    label[2] = "2,000,000 sweeps (4000 shards)"; tasks[2] = 4000; cost[2] = 500 * sweep + (shardExtra > 0 ? shardExtra : 0);
    label[3] = "100 runs x 100k steps"; tasks[3] = 100; cost[3] = run + (runExtra > 0 ? runExtra : 0);
    for (j = 1; j <= 3; j++) {
      line = sprintf("%-31s", label[j]);
      for (m = 1; m <= 4; m++) line = line sprintf(" %11.2fh", (start + ceil(tasks[j] / N[m]) * cost[j]) / 3600);
      print line;
    }
  }' "$OUT/times.txt"
