#!/usr/bin/env bash
# Prints the OpenBLAS kernel set the launcher asks for (OPENBLAS_CORETYPE) when the caller has not chosen one, or nothing
# to leave OpenBLAS's own choice. ND4J's OpenBLAS (0.3.19) predates AMD's AVX-512 processors (Zen 4, Zen 5) and does not
# recognise them: on a Zen 5 it picks its Barcelona kernels (SSE2), half as fast as its AVX2 (Haswell) kernels on DDPG's
# products and a quarter as fast as its AVX-512 (SkylakeX) ones, which need AVX-512 F, CD, BW, DQ and VL (BENCHMARKS.md,
# "DDPG on an AVX-512 AMD processor"). So: SkylakeX on an AMD processor with those five flags, nothing elsewhere (Intel
# processors with them already get OpenBLAS's SkylakeX or CooperLake kernels). Kernel sets differ in the order of some
# additions, so runs with different ones agree up to float rounding, not bit for bit; a caller's OPENBLAS_CORETYPE wins
# (e.g. OPENBLAS_CORETYPE=Haswell, which some machines' environments set, repeats a run made with it bit for bit).
set -euo pipefail
CPUINFO="${CPUINFO:-/proc/cpuinfo}"
[ -r "$CPUINFO" ] || exit 0
grep -qm1 '^vendor_id[[:space:]]*:[[:space:]]*AuthenticAMD' "$CPUINFO" || exit 0
flags="$(grep -m1 '^flags' "$CPUINFO" || true)"
for f in avx512f avx512cd avx512bw avx512dq avx512vl; do
  [[ " $flags " == *" $f "* ]] || exit 0
done
echo SkylakeX
