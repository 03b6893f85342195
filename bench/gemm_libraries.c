// One thread's SGEMM rate at the products the GNN peer's step makes, through any CBLAS library
// loaded at run time, as a fraction of the same thread's measured FMA peak (fma_peak.c). The
// shapes are those of one job of the CPU backend's split (CPUBackend+BLAS.swift): a step's
// [23040,128]·[128,128] forward product runs as 8 row blocks of 2880, its Xᵀ·dY weight gradient
// as 5 chunks of 4608 rows. Used by bench/gemm-libraries.sh to compare OpenBLAS's kernels, BLIS
// and MKL on the same machine; not part of the package.
//
//   gemm_libraries LIBRARY LABEL
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "CKernels.h"

enum { ROW_MAJOR = 101, NO_TRANS = 111, TRANS = 112 };
typedef void (*sgemm_fn)(int, int, int, int, int, int, float, const float *, int, const float *, int, float,
                         float *, int);

static double seconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

// The best of 20 runs of the widest FMA loop this CPU has, in GFLOP/s (flops per call:
// iterations × 12 chains × 2 × lanes, fma_peak.c).
static double fma_peak(int width_bits) {
  const size_t iterations = 2000000;
  const double flops = (double)iterations * 12 * 2 * (width_bits / 32);
  double best = 0;
  for (int run = 0; run < 20; run++) {
    double start = seconds();
    volatile double sum = gravitas_fma_peak_loop(width_bits, 0, iterations);
    (void)sum;
    double rate = flops / (seconds() - start) * 1e-9;
    if (rate > best) best = rate;
  }
  return best;
}

struct shape {
  const char *what;
  int transpose_a, transpose_b, m, n, k;
};

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s LIBRARY LABEL\n", argv[0]);
    return 2;
  }
  void *library = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
  if (!library) {
    fprintf(stderr, "cannot load %s: %s\n", argv[1], dlerror());
    return 1;
  }
  sgemm_fn sgemm = (sgemm_fn)dlsym(library, "cblas_sgemm");
  if (!sgemm) {
    fprintf(stderr, "%s has no cblas_sgemm\n", argv[1]);
    return 1;
  }
  const char *(*corename)(void) = (const char *(*)(void))dlsym(library, "openblas_get_corename");
  struct gravitas_cpu_features cpu;
  gravitas_cpu_features(&cpu);
  int width = cpu.avx512f ? 512 : cpu.avx2 && cpu.fma ? 256 : 128;
  double peak = fma_peak(width);
  printf("%s%s%s: one thread's FMA peak (%d-bit) %.0f GFLOP/s\n", argv[2], corename ? ", kernels " : "",
         corename ? corename() : "", width, peak);
  const struct shape shapes[] = {
      {"C = A·B     2880×128·128×128 (forward)", 0, 0, 2880, 128, 128},
      {"C = A·Bᵀ    2880×128·128×128 (input gradient)", 0, 1, 2880, 128, 128},
      {"C = Aᵀ·B    128×4608·4608×128 (weight gradient)", 1, 0, 128, 128, 4608},
      {"C = A·B     2880×6·6×128 (first layer)", 0, 0, 2880, 128, 6},
      {"C = A·B     1024×1024·1024×1024", 0, 0, 1024, 1024, 1024},
  };
  for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
    const struct shape p = shapes[s];
    float *a = malloc(sizeof(float) * (size_t)p.m * (size_t)p.k);
    float *b = malloc(sizeof(float) * (size_t)p.k * (size_t)p.n);
    float *c = calloc((size_t)p.m * (size_t)p.n, sizeof(float));
    if (!a || !b || !c) {
      fprintf(stderr, "out of memory at %s\n", p.what);
      return 1;
    }
    for (size_t i = 0; i < (size_t)p.m * (size_t)p.k; i++) a[i] = (float)((i * 7919) % 1000) * 1e-3f - 0.5f;
    for (size_t i = 0; i < (size_t)p.k * (size_t)p.n; i++) b[i] = (float)((i * 104729) % 1000) * 1e-3f - 0.5f;
    const int lda = p.transpose_a ? p.m : p.k, ldb = p.transpose_b ? p.k : p.n;
    const int ta = p.transpose_a ? TRANS : NO_TRANS, tb = p.transpose_b ? TRANS : NO_TRANS;
    // The best call of at least 1.5 s of calls: on a shared machine some calls run undisturbed.
    double best = 1e30, total = 0;
    int calls = 0;
    while (total < 1.5 || calls < 5) {
      double start = seconds();
      sgemm(ROW_MAJOR, ta, tb, p.m, p.n, p.k, 1, a, lda, b, ldb, 0, c, p.n);
      double time = seconds() - start;
      total += time;
      calls++;
      if (time < best) best = time;
    }
    double rate = 2.0 * p.m * p.n * p.k / best * 1e-9;
    printf("  %-50s %6.1f GFLOP/s  %3.0f %% of peak\n", p.what, rate, 100 * rate / peak);
    free(a);
    free(b);
    free(c);
  }
  return 0;
}
