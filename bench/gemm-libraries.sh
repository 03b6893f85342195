#!/usr/bin/env bash
# One thread's SGEMM at the GNN peer's job shapes through each BLAS this machine has, as a
# fraction of the measured FMA peak (bench/gemm_libraries.c): OpenBLAS with its own kernel choice
# and with each kernel this CPU can run, BLIS (Debian's libblis4-serial, if installed) with its
# own choice and with its configuration named, and MKL if MKL_RT names its libmkl_rt
# (e.g. from `pip install mkl`). Builds the program in a temporary folder; writes nothing else.
#
#   bench/gemm-libraries.sh
#   MKL_RT=/path/to/venv/lib/libmkl_rt.so.2 bench/gemm-libraries.sh
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cc -O3 -I"$repo/Sources/CKernels/include" -o "$scratch/gemm_libraries" \
  "$repo/bench/gemm_libraries.c" "$repo/Sources/CKernels/fma_peak.c" "$repo/Sources/CKernels/cpu_features.c" -ldl
run() { "$scratch/gemm_libraries" "$@" || echo "$2: failed"; }
lib=/usr/lib/$(gcc -print-multiarch)
openblas=$lib/openblas-pthread/libopenblas.so.0
blis=$lib/blis-serial/libblis.so.4
echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); one thread"
export OPENBLAS_NUM_THREADS=1 BLIS_NUM_THREADS=1 MKL_NUM_THREADS=1
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$scratch/gemm_libraries" "$openblas" "OpenBLAS, its own choice"
cores=(Haswell)
grep -qw avx512f /proc/cpuinfo && cores+=(SkylakeX Cooperlake)
for core in "${cores[@]}"; do OPENBLAS_CORETYPE=$core run "$openblas" "OpenBLAS, OPENBLAS_CORETYPE=$core"; done
if [[ -e $blis ]]; then
  run "$blis" "BLIS, its own choice"
  # Which kernel BLIS_ARCH_TYPE gets is BLIS's business: on an AMD Zen 5, Debian's 0.9.0 ran its
  # AVX-512 sgemm kernel for haswell, zen3 and skx alike (perf, by the instructions sampled).
  if grep -qw avx512f /proc/cpuinfo; then config=skx; else config=haswell; fi
  BLIS_ARCH_TYPE=$config run "$blis" "BLIS, BLIS_ARCH_TYPE=$config"
else
  echo "BLIS: not installed (apt install libblis4-serial)"
fi
if [[ -n ${MKL_RT:-} ]]; then run "$MKL_RT" "MKL"; else echo "MKL: not measured (set MKL_RT)"; fi
