#!/usr/bin/env bash
# Prints the OpenBLAS kernel set the launcher asks for (OPENBLAS_CORETYPE), or nothing to leave OpenBLAS's own choice.
# ND4J's OpenBLAS (0.3.19) predates AMD's AVX-512 processors (Zen 4, Zen 5: family 25 from model 0x10, family 26) and
# runs its AVX2 kernels (Haswell) on them; its SkylakeX kernels need AVX-512 F, CD, BW, DQ and VL, which these processors
# have, and multiply DDPG's 256 x 256 matrices about 1.8 times as fast per CPU second (BENCHMARKS.md, "DDPG on an
# AVX-512 AMD processor"). So: SkylakeX on an AMD processor with those five flags, nothing elsewhere (Intel processors
# with them already get OpenBLAS's SkylakeX or CooperLake kernels). Another kernel set rounds some products differently
# (a different order of additions), so runs on such a machine are not bit-identical to runs made with Haswell kernels;
# OPENBLAS_CORETYPE set by the caller wins (e.g. OPENBLAS_CORETYPE=Haswell to repeat such a run bit for bit).
set -euo pipefail
CPUINFO="${CPUINFO:-/proc/cpuinfo}"
[ -r "$CPUINFO" ] || exit 0
grep -qm1 '^vendor_id[[:space:]]*:[[:space:]]*AuthenticAMD' "$CPUINFO" || exit 0
flags="$(grep -m1 '^flags' "$CPUINFO" || true)"
for f in avx512f avx512cd avx512bw avx512dq avx512vl; do
  [[ " $flags " == *" $f "* ]] || exit 0
done
echo SkylakeX
