#!/usr/bin/env bash
# NCAP's speed against the old implementation (commit bf4a18c: NcapPass for PPO's batches, Ncap.forward for
# rollouts), both in one JVM (Bench.java). Builds the old commit in a temporary clone and this work tree's envs and
# architectures (compile only, offline; nothing is installed). Usage: scripts/ncap-speed/run.sh [rounds]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/scripts/ncap-speed"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
git clone -q "$ROOT" "$WORK/old"
git -C "$WORK/old" checkout -q bf4a18c
(cd "$WORK/old" && mvn -q -o -pl architectures -am compile)
(cd "$ROOT" && mvn -q -o -pl architectures -am compile dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt")
ND4J="$(tr ':' '\n' < "$WORK/cp.txt" | grep -v '/org/neuroprior/' | paste -sd:)"
OLD="$WORK/old/envs/target/classes:$WORK/old/architectures/target/classes"
NEW="$ROOT/envs/target/classes:$ROOT/architectures/target/classes"
mkdir -p "$WORK/bench" "$WORK/old-adapter" "$WORK/new-adapter"
javac -d "$WORK/bench" -cp "$ND4J" "$HERE/Inputs.java" "$HERE/Bench.java"
javac -d "$WORK/old-adapter" -cp "$ND4J:$WORK/bench:$OLD" "$HERE/OldAdapter.java"
javac -d "$WORK/new-adapter" -cp "$ND4J:$WORK/bench:$NEW" "$HERE/NewAdapter.java"
java -cp "$ND4J:$WORK/bench" ncapspeed.Bench "$OLD:$WORK/old-adapter" "$NEW:$WORK/new-adapter" "${1:-40}" 2>/dev/null
