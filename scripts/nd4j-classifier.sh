#!/usr/bin/env bash
# Prints the nd4j-native classifier to build with (the Maven property nd4j.classifier): ND4J_CLASSIFIER if set, else
# auto: linux-x86_64-onednn-avx2 (ND4J with oneDNN kernels, faster convolutions) where /proc/cpuinfo lists avx2, the
# generic linux-x86_64 (any x86-64 CPU) otherwise. ND4J_CLASSIFIER=linux-x86_64 or =linux-x86_64-onednn-avx2 forces
# either. Refuses any other value in one line, exit code 2.
set -euo pipefail
GENERIC=linux-x86_64
ONEDNN=linux-x86_64-onednn-avx2
case "${ND4J_CLASSIFIER:-auto}" in
  "$GENERIC" | "$ONEDNN") echo "$ND4J_CLASSIFIER" ;;
  auto) if grep -qw avx2 /proc/cpuinfo 2>/dev/null; then echo "$ONEDNN"; else echo "$GENERIC"; fi ;;
  *) echo "ND4J_CLASSIFIER=$ND4J_CLASSIFIER is not valid; accepted: $GENERIC, $ONEDNN, auto" >&2; exit 2 ;;
esac
