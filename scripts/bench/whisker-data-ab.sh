#!/usr/bin/env bash
# `whisker-data` with two builds of the envs module, interleaved A B A B ..., in CPU seconds (process user + sys) per
# sweep, and whether their shards are byte-identical (BENCHMARKS.md, "whisker-data: where the CPU time goes").
#
#   scripts/bench/whisker-data-ab.sh ENVS_JAR_A ENVS_JAR_B [PAIRS [CLASSES [PER_CLASS]]]
#
# ENVS_JAR_A/B  copies of envs/target/neuroprior-envs-*.jar from the two builds (the rest of the classpath is this
#               checkout's, built by ./neuroprior); PAIRS rounds of A then B (default 3); CLASSES a comma list (default all
#               15); PER_CLASS sweeps each (default 2). One thread (--threads 1). Prints each run's CPU seconds per sweep
#               (JVM start included), each pair's B / A, their median, and the load average before and after.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
[ $# -ge 2 ] && [ -f "$1" ] && [ -f "$2" ] || { echo "usage: $0 ENVS_JAR_A ENVS_JAR_B [PAIRS [CLASSES [PER_CLASS]]] (two jar files)" >&2; exit 2; }
JAR_A="$(realpath "$1")"; JAR_B="$(realpath "$2")"
PAIRS="${3:-3}"
CLASSES="${4:-ellipsoid,box,cylinder,cone,pyramid,prism,wedge,superellipsoid,torus,dumbbell,l_bracket,table,cross,star,mug}"
PER_CLASS="${5:-2}"
SWEEPS=$(( ($(tr -cd ',' <<< "$CLASSES" | wc -c) + 1) * PER_CLASS ))
"$ROOT/neuroprior" --help >/dev/null # builds the checkout if needed
CP="$(cat "$ROOT/experiments/target/classpath.txt")"
OUT="$(mktemp -d)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); $SWEEPS sweeps a run; files in $OUT"

run() { # run LABEL JAR INDEX -> prints CPU seconds per sweep
  local dir="$OUT/$1$3" cp
  cp="$(tr ':' '\n' <<< "$CP" | sed "s#.*/neuroprior-envs-[^/]*\.jar\$#$2#" | paste -sd:)"
  /usr/bin/time -f "%U %S" -o "$dir.time" env OMP_NUM_THREADS=1 java -Djava.awt.headless=true -Dneuroprior.root="$ROOT" \
    $(cat "$ROOT/experiments/target/jvm.options") -cp "$ROOT/experiments/target/classes:$cp" org.neuroprior.experiments.Main \
    whisker-data --classes "$CLASSES" --per-class "$PER_CLASS" --threads 1 --out "$dir" >/dev/null 2>&1
  awk -v n="$SWEEPS" '{printf "%.4f", ($1 + $2) / n}' "$dir.time"
}

ratios=()
for i in $(seq 1 "$PAIRS"); do
  a="$(run A "$JAR_A" "$i")"; b="$(run B "$JAR_B" "$i")"
  r="$(awk -v a="$a" -v b="$b" 'BEGIN {printf "%.3f", b / a}')"
  ratios+=("$r")
  same="identical"
  for f in $(cd "$OUT/A$i" && find . -name '*.npy' -o -name 'sweeps-*.json' | sort); do
    cmp -s "$OUT/A$i/$f" "$OUT/B$i/$f" || same="DIFFERENT ($f)"
  done
  echo "pair $i: A $a, B $b CPU s per sweep; B / A $r; shards $same"
done
echo "median B / A: $(printf '%s\n' "${ratios[@]}" | sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}')"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
