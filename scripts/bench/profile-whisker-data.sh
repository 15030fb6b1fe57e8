#!/usr/bin/env bash
# Where `neuroprior whisker-data`'s CPU time goes: a small run on one thread under Java Flight Recorder, split by what the
# simulating thread was doing (BENCHMARKS.md, "whisker-data: where the CPU time goes").
#
#   scripts/bench/profile-whisker-data.sh [CLASSES [PER_CLASS [DIR]]]
#
# CLASSES    procedural classes, comma list (default box,torus,star); PER_CLASS sweeps each (default 4);
# DIR        scratch folder for the dataset, the recording and its text (default a new temporary folder, kept).
# Prints the process's user + sys CPU seconds and, for the simulating threads, the share of JFR's native-method samples
# (every 20 ms while a thread is in native code: MuJoCo) by caller, and the count of Java execution samples (every 10 ms
# while a thread runs Java). Needs `jfr` (the JDK's) and python3. Uses the checkout's ./neuroprior.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CLASSES="${1:-box,torus,star}"
PER_CLASS="${2:-4}"
DIR="${3:-$(mktemp -d)}"
mkdir -p "$DIR"
rm -rf "$DIR/data" "$DIR/prof.jfr"
NEUROPRIOR_JAVA_OPTS="-XX:StartFlightRecording=filename=$DIR/prof.jfr,settings=profile" \
  /usr/bin/time -f "%U %S %e" -o "$DIR/time.txt" \
  "$ROOT/neuroprior" whisker-data --classes "$CLASSES" --per-class "$PER_CLASS" --threads 1 --out "$DIR/data" >/dev/null 2>&1
read -r user sys wall < "$DIR/time.txt"
jfr print --events jdk.NativeMethodSample "$DIR/prof.jfr" > "$DIR/native.txt"
jfr print --events jdk.ExecutionSample "$DIR/prof.jfr" > "$DIR/exec.txt"
echo "sweeps: $(( $(tr -cd ',' <<< "$CLASSES" | wc -c) + 1 )) classes x $PER_CLASS; CPU user $user s, sys $sys s, wall $wall s (JVM start included)"
python3 - "$DIR/native.txt" "$DIR/exec.txt" <<'EOF'
import collections, re, sys

# First matching frame from the top of the stack decides the part.
PARTS = [("mj_step (physics)", r"binding\.MuJoCo\.mj_step$"),
         ("contact window probes (ContactProbe)", r"ContactProbe\."),
         ("model compile and data (MjModel.fromXml, makeData, close)", r"MjModel\.fromXml|MjModel\.makeData|MjData\.<init>|MjData\.close|MjModel\.close"),
         ("MJCF text (WhiskerArrayModel)", r"WhiskerArrayModel\."),
         ("sweep path (SweepPath)", r"SweepPath\."),
         ("per-step Java (WhiskerSweeper.simulate, ObjectMotion)", r"WhiskerSweeper\.simulate|ObjectMotion"),
         ("object and sweep setup (ProtocolSweeps, objects)", r"ProtocolSweeps\.|whisker\.objects\."),
         ("shard writing", r"ShardWriter|NpyWriter|ShardPipeline\.write")]

def split(path, event):
    counts, total = collections.Counter(), 0
    for sample in open(path).read().split(event + " {")[1:]:
        thread = re.search(r'sampledThread = "([^"]+)"', sample)
        if not thread or not thread.group(1).startswith("whisker"):
            continue
        total += 1
        frames = [f.strip().split("(")[0] for f in re.findall(r"^\s{4}(\S.*)$", sample, re.M) if "(" in f]
        part = next((name for f in frames for name, pattern in PARTS if re.search(pattern, f)), "other")
        counts[part] += 1
    return counts, total

for path, event, label in [(sys.argv[1], "jdk.NativeMethodSample", "native-method samples (20 ms)"),
                           (sys.argv[2], "jdk.ExecutionSample", "Java execution samples (10 ms)")]:
    counts, total = split(path, event)
    print(f"{label}, simulating threads: {total}")
    for name, n in counts.most_common():
        print(f"  {n / max(total, 1):6.1%}  {n:6d}  {name}")
EOF
echo "files: $DIR"
