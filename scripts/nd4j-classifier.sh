#!/usr/bin/env bash
# Prints the nd4j-native classifier to build with (the Maven property nd4j.classifier): ND4J_CLASSIFIER if set,
# else linux-x86_64 (the generic binary, any x86-64 CPU). ND4J_CLASSIFIER=auto picks linux-x86_64-onednn-avx2 (oneDNN
# kernels, faster convolutions) where the CPU has AVX2. Not the default: with the oneDNN binary, 8 cases of
# ModelContractTest (faster paths against the definition) and TactileModelsTest's tiny-batch memorisation fail
# (2026-11-30), so its results are not yet trusted. Refuses any other value in one line, exit code 2.
set -euo pipefail
GENERIC=linux-x86_64
ONEDNN=linux-x86_64-onednn-avx2
case "${ND4J_CLASSIFIER:-$GENERIC}" in
  "$GENERIC" | "$ONEDNN") echo "${ND4J_CLASSIFIER:-$GENERIC}" ;;
  auto) if grep -qw avx2 /proc/cpuinfo 2>/dev/null; then echo "$ONEDNN"; else echo "$GENERIC"; fi ;;
  *) echo "ND4J_CLASSIFIER=$ND4J_CLASSIFIER is not valid; accepted: $GENERIC, $ONEDNN, auto" >&2; exit 2 ;;
esac
