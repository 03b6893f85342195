// tanh over a Float64 array, branch-free so clang vectorises the loop.
//
// libm's tanh costs ~12 ns an element and dominated small-MLP training. Here tanh|x| =
// −m/(2 + m) with m = e^{−2|x|} − 1 from a Cody-Waite reduced expm1 (exp_kernels.h), accurate
// near 0 as well, so one formula covers every |x| (an earlier version computed a Taylor series
// for small |x| beside the exponential and picked one: a quarter slower); the argument is
// clamped at −40, where tanh is 1 in Float64; sign restored, NaN passed through. Checked against
// libm over eighteen decades in VectorTanhTests.
#include "CKernels.h"
// Clones for AVX-512 and AVX2 machines are picked at load time; contraction into FMA is off so
// every clone rounds identically (same seed, same numbers on every machine).
#pragma clang fp contract(off)
#include "exp_kernels.h"

__attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
void gravitas_vector_tanh(const double *restrict source, double *restrict destination, size_t count) {
  for (size_t i = 0; i < count; i++) {
    double x = source[i];
    uint64_t xb = u64(x);
    double a = f64(xb & 0x7fffffffffffffffULL);
    double m = expm1_nonpositive_f64(a > 20.0 ? -40.0 : -2.0 * a);
    double y = (0.0 - m) / (2.0 + m);  // 0 − m: +0 at x = ±0, before the sign is restored
    y = f64(u64(y) | (xb & 0x8000000000000000ULL));
    destination[i] = x != x ? x : y;
  }
}
