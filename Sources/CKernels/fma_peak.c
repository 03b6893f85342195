// The machine's floating-point peak on one thread, measured rather than looked up: a loop of
// independent fused multiply-adds at the widest vector width the CPU has, long enough that
// the FMA units, not latency, limit it. Each variant is compiled for its own instruction set
// (target attributes), and the caller picks the one cpuid says this CPU can run.
#include "CKernels.h"

// Enough independent accumulators to cover FMA latency (4–5 cycles) × units (2): 12 chains.
#define CHAINS 12

#define PEAK_LOOP(NAME, TYPE, ELEM, TARGET)                                                       \
  __attribute__((target(TARGET))) __attribute__((noinline)) double NAME(size_t iterations) { \
    TYPE acc[CHAINS];                                                                       \
    for (int c = 0; c < CHAINS; c++) acc[c] = (TYPE){0} + (ELEM)((c + 1) * 1e-3);           \
    const TYPE a = (TYPE){0} + (ELEM)0.999999, b = (TYPE){0} + (ELEM)1e-7;                \
    for (size_t i = 0; i < iterations; i++) {                                               \
      for (int c = 0; c < CHAINS; c++) acc[c] = acc[c] * a + b;                             \
    }                                                                                       \
    double sum = 0;                                                                         \
    for (int c = 0; c < CHAINS; c++)                                                        \
      for (size_t l = 0; l < sizeof(TYPE) / sizeof(acc[0][0]); l++) sum += (double)acc[c][l]; \
    return sum;                                                                             \
  }

#if defined(__x86_64__)
typedef float f32x4 __attribute__((vector_size(16)));
typedef float f32x8 __attribute__((vector_size(32)));
typedef float f32x16 __attribute__((vector_size(64)));
typedef double f64x2 __attribute__((vector_size(16)));
typedef double f64x4 __attribute__((vector_size(32)));
typedef double f64x8 __attribute__((vector_size(64)));

PEAK_LOOP(peak_f32_sse, f32x4, float, "sse2")
PEAK_LOOP(peak_f64_sse, f64x2, double, "sse2")
PEAK_LOOP(peak_f32_avx2, f32x8, float, "avx2,fma")
PEAK_LOOP(peak_f64_avx2, f64x4, double, "avx2,fma")
PEAK_LOOP(peak_f32_avx512, f32x16, float, "avx512f")
PEAK_LOOP(peak_f64_avx512, f64x8, double, "avx512f")

double gravitas_fma_peak_loop(int width_bits, int double_precision, size_t iterations) {
  switch (width_bits) {
  case 512: return double_precision ? peak_f64_avx512(iterations) : peak_f32_avx512(iterations);
  case 256: return double_precision ? peak_f64_avx2(iterations) : peak_f32_avx2(iterations);
  default: return double_precision ? peak_f64_sse(iterations) : peak_f32_sse(iterations);
  }
}
#else
double gravitas_fma_peak_loop(int width_bits, int double_precision, size_t iterations) {
  double acc = 1e-3;
  for (size_t i = 0; i < iterations * CHAINS; i++) acc = acc * 0.999999 + 1e-7;
  return acc;
}
#endif
