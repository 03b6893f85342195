// C = A·B for a symmetric A [m×m] of which only the lower triangle is read: a precision matrix
// times an ensemble's residuals, the one n×n pass of a covariance-weighted training step.
//
// The general skinny product streams all m² elements of A; once A no longer stays in cache
// between steps (a 1360×1360 precision is 14.8 MB) that stream is the cost. Each element A_ij
// below the diagonal serves twice: row i's dot product (C_i += A_ij B_j) and, as A_ji, row j's
// (C_j += A_ij B_i). So half of A is read.
//
// A job takes rows [row_begin, row_end): it writes their dot products over j ≤ i to C and adds
// the mirrored terms into its own `partial` (n×m, zeroed by the caller), which the caller sums
// into C in a fixed order. Every output's rounding depends on the row split alone, which the
// caller fixes from the shape: the same bits on any thread count.
#include "CKernels.h"
#include "pairwise_sum.h"
#pragma clang fp contract(off)

#define DEFINE_SYMMETRIC(NAME, T, LANES, SUM)                                                      \
  /* Rows i0 and i1 = i0 + 1 (or i1 = i0 alone when `pair` is 0) against `cols` (1…4) columns      \
     of Bt from column col: the pair shares each load of B and of the partial sums. */             \
  static inline __attribute__((always_inline)) void NAME##_rows(                                   \
      const T *restrict a, const T *restrict bt, T *restrict c, T *restrict partial, size_t i0,    \
      int pair, size_t col, int cols, size_t n, size_t m) {                                        \
    T s0[4][LANES] = {{0}}, s1[4][LANES] = {{0}};                                                  \
    T b0[4] = {0}, b1[4] = {0};                                                                    \
    for (int q = 0; q < cols; q++) {                                                               \
      b0[q] = bt[(col + q) * m + i0];                                                              \
      b1[q] = pair ? bt[(col + q) * m + i0 + 1] : 0;                                               \
    }                                                                                              \
    const T *r0 = a + i0 * m, *r1 = a + (i0 + pair) * m;                                           \
    /* Rows i0 + 4 and i0 + 5 are read two pairs from now: without asking for them early, a      \
       matrix that has fallen out of cache streams in at half the speed memory allows. */         \
    const T *ahead = i0 + 5 < m ? a + (i0 + 4) * m : r0;                                           \
    size_t j = 0;                                                                                  \
    for (; j + LANES <= i0; j += LANES) {                                                          \
      __builtin_prefetch(ahead + j, 0, 3);                                                         \
      __builtin_prefetch(ahead + m + j, 0, 3);                                                     \
      for (int q = 0; q < cols; q++) {                                                             \
        const T *b = bt + (col + q) * m + j;                                                       \
        T *p = partial + (col + q) * m + j;                                                        \
        for (int l = 0; l < LANES; l++) {                                                          \
          s0[q][l] += r0[j + l] * b[l];                                                            \
          s1[q][l] += r1[j + l] * b[l];                                                            \
          p[l] += r0[j + l] * b0[q] + r1[j + l] * b1[q];                                           \
        }                                                                                          \
      }                                                                                            \
    }                                                                                              \
    for (int q = 0; q < cols; q++) {                                                               \
      const T *b = bt + (col + q) * m;                                                             \
      T *p = partial + (col + q) * m;                                                              \
      for (size_t t = j; t < i0; t++) {                                                            \
        s0[q][t - j] += r0[t] * b[t];                                                              \
        s1[q][t - j] += r1[t] * b[t];                                                              \
        p[t] += r0[t] * b0[q] + r1[t] * b1[q];                                                     \
      }                                                                                            \
      c[i0 * n + col + q] = SUM(s0[q]) + r0[i0] * b0[q];                                           \
      /* Row i1 also meets column i0 below its diagonal: A_{i1,i0} = A_{i0,i1}. */                 \
      if (pair) {                                                                                  \
        p[i0] += r1[i0] * b1[q];                                                                   \
        c[(i0 + 1) * n + col + q] = SUM(s1[q]) + r1[i0] * b0[q] + r1[i0 + 1] * b1[q];              \
      }                                                                                            \
    }                                                                                              \
  }                                                                                                \
                                                                                                   \
  __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))                    \
  void NAME(const T *restrict a, const T *restrict bt, T *restrict c, T *restrict partial,         \
            size_t n, size_t m, size_t row_begin, size_t row_end) {                                \
    for (size_t i = row_begin; i < row_end; i += 2)                                                \
      for (size_t col = 0; col < n; col += 4)                                                      \
        NAME##_rows(a, bt, c, partial, i, i + 1 < row_end, col, n - col < 4 ? (int)(n - col) : 4,  \
                    n, m);                                                                         \
  }

DEFINE_SYMMETRIC(gravitas_symmetric_matmul_f64, double, 8, pairwise_sum_f64)
DEFINE_SYMMETRIC(gravitas_symmetric_matmul_f32, float, 16, pairwise_sum_f32)
