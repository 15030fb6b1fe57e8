#!/usr/bin/env bash
# Prints the nd4j-native classifier to build with (the Maven property nd4j.classifier): ND4J_CLASSIFIER if set,
# else linux-x86_64-onednn-avx2 (ND4J with oneDNN kernels, about 3x faster on convolutions) where the CPU has AVX2,
# else linux-x86_64 (the generic binary, any x86-64 CPU). Refuses any other value in one line, exit code 2.
set -euo pipefail
GENERIC=linux-x86_64
ONEDNN=linux-x86_64-onednn-avx2
if [ -n "${ND4J_CLASSIFIER:-}" ]; then
  case "$ND4J_CLASSIFIER" in
    "$GENERIC" | "$ONEDNN") echo "$ND4J_CLASSIFIER" ;;
    *) echo "ND4J_CLASSIFIER=$ND4J_CLASSIFIER is not valid; accepted: $GENERIC, $ONEDNN" >&2; exit 2 ;;
  esac
elif grep -qw avx2 /proc/cpuinfo 2>/dev/null; then
  echo "$ONEDNN"
else
  echo "$GENERIC"
fi
