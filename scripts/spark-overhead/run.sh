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

# Every pair's ratio, then the ratio of the sums.
awk '
  {k=$1; sub(/-[0-9]+$/, "", k); i=$1; sub(/.*-/, "", i); w[k]+=$2; s[k]+=$3; n[k]++; pw[k, i]=$2; ps[k, i]=$3}
  END {
    for (i = 1; i <= n["sweep-builtin"]; i++)
      if (pw["sweep-spark", i] && pw["data-spark", i])
        printf "pair %d: sweep spark/builtin %.3f (less start-up %.3f), data %.3f (less start-up %.3f)\n", i,
          pw["sweep-spark", i] / pw["sweep-builtin", i], (pw["sweep-spark", i] - ps["sweep-spark", i]) / pw["sweep-builtin", i],
          pw["data-spark", i] / pw["data-builtin", i], (pw["data-spark", i] - ps["data-spark", i]) / pw["data-builtin", i];
    printf "sweep: spark/builtin = %.3f (wall), %.3f (wall less Spark start-up, mean %.1f s)\n", w["sweep-spark"]/w["sweep-builtin"], (w["sweep-spark"]-s["sweep-spark"])/w["sweep-builtin"], s["sweep-spark"]/n["sweep-spark"];
    printf "data:  spark/builtin = %.3f (wall), %.3f (wall less Spark start-up, mean %.1f s)\n", w["data-spark"]/w["data-builtin"], (w["data-spark"]-s["data-spark"])/w["data-builtin"], s["data-spark"]/n["data-spark"];
  }' "$OUT/times.txt"

# The scaling on paper from the per-task costs (assumptions in BENCHMARKS.md): a core-second figure is built-in wall
# seconds x cores / tasks (the built-in engine keeps every core busy); Spark's extra cost per task is (its wall less
# its start-up less the built-in wall) x cores / its tasks, the dataset's tasks cut as SparkShards.bounds cuts them.
python3 - "$OUT/times.txt" "$(nproc)" "$STEPS" "$((4 * PER_CLASS))" <<'PY'
import math, sys
rows = [l.split() for l in open(sys.argv[1])]
cores, steps, sweeps = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
def mean(kind, col):
    v = [float(r[col]) for r in rows if r[0].rsplit("-", 1)[0] == kind]
    return sum(v) / len(v)

def cut(shards, slots):  # SparkShards.bounds: a shard of more than ceil(total / 2 slots) sweeps in near-equal pieces
    most = max(1, math.ceil(sum(shards) / (2 * slots)))
    pieces = [n / k for n in shards for k in [max(1, math.ceil(n / most))] for _ in range(k)]
    return pieces, sum(1 for n in shards if n > most)

def shards_of(total, size=500, fractions=(0.8, 0.1, 0.1)):  # per split, the last shard of each smaller
    out = []
    for f in fractions:
        n = round(total * f)
        out += [size] * (n // size) + ([n % size] if n % size else [])
    return out

start = (mean("sweep-spark", 2) + mean("data-spark", 2)) / 2
run = mean("sweep-builtin", 1) * cores / 8 * 100000 / steps                                  # core-s per 100k-step run
run_extra = max(0.0, (mean("sweep-spark", 1) - mean("sweep-spark", 2) - mean("sweep-builtin", 1)) * cores / 8)
sweep = mean("data-builtin", 1) * cores / sweeps                                               # core-s per sweep
pieces, joins = cut(shards_of(sweeps), cores)
task_extra = max(0.0, (mean("data-spark", 1) - mean("data-spark", 2) - mean("data-builtin", 1)) * cores / (len(pieces) + joins))
print(f"per task: a 100k-step run {run:.1f} core-s (from {steps}-step runs), a sweep {sweep:.3f} core-s; Spark adds {run_extra:.1f} s "
      f"per run task, {task_extra:.1f} s per dataset task ({len(pieces)} pieces or shards + {joins} joins here); start-up {start:.1f} s")
print(f"{'wall time on N cores':34s}" + "".join(f"{'N = ' + str(n):>12s}" for n in (1, 8, 64, 512)))
for label, total in (("316,192 sweeps", 316192), ("2,000,000 sweeps", 2000000)):
    line = f"{label:34s}"
    for n in (1, 8, 64, 512):
        p, j = cut(shards_of(total), n)
        t = start + math.ceil(len(p) / n) * (max(p) * sweep + task_extra) + math.ceil(j / n) * task_extra
        line += f"{t / 3600:11.2f}h"
    print(line + f"  ({len(shards_of(total))} shards)")
print(f"{'100 runs x 100k steps':34s}" + "".join(f"{(start + math.ceil(100 / n) * (run + run_extra)) / 3600:11.2f}h" for n in (1, 8, 64, 512)))
PY
