// C = A·B for a product with few output columns (n ≤ 8): a precision matrix times an ensemble's
// residuals, a layer narrowing to its outputs.
//
// OpenBLAS packs all of A on every call, and for n = 4 with A of 1360×1360 that packing plus its
// threads' hand-offs cost 1.7 ms, six times the time to stream A once. Here each pair of A's rows
// is read once and dotted with every column of B, given transposed (Bt, n×k, rows contiguous).
//
// Every output element is one dot product with a fixed order: LANES partial sums over j ≡ l
// (mod LANES), the tail added to them, then a fixed pairwise sum. The row-pair and column-group
// blocking does not touch that order, so a row gives the same bits whichever block, thread or
// clone computes it (with contraction off, AVX-512 and AVX2 clones round alike).
#include "CKernels.h"
#include "pairwise_sum.h"
#pragma clang fp contract(off)

#define DEFINE_SKINNY(NAME, T, LANES, SUM)                                                         \
  /* Rows r0 and r1 (r1 may equal r0) against `cols` (1…4) columns of Bt starting at column c. */  \
  static inline __attribute__((always_inline)) void NAME##_block(const T *restrict a, const T *restrict bt, T *restrict c, \
                                  size_t r0, size_t r1, size_t col, int cols, size_t n, size_t k) { \
    T s[2][4][LANES] = {{{0}}};                                                                    \
    const T *a0 = a + r0 * k, *a1 = a + r1 * k;                                                    \
    size_t j = 0;                                                                                  \
    for (; j + LANES <= k; j += LANES)                                                             \
      for (int q = 0; q < cols; q++) {                                                             \
        const T *b = bt + (col + q) * k + j;                                                       \
        for (int l = 0; l < LANES; l++) {                                                          \
          s[0][q][l] += a0[j + l] * b[l];                                                          \
          s[1][q][l] += a1[j + l] * b[l];                                                          \
        }                                                                                          \
      }                                                                                            \
    for (int q = 0; q < cols; q++) {                                                               \
      const T *b = bt + (col + q) * k;                                                             \
      for (size_t t = j; t < k; t++) {                                                             \
        s[0][q][t - j] += a0[t] * b[t];                                                            \
        s[1][q][t - j] += a1[t] * b[t];                                                            \
      }                                                                                            \
      c[r0 * n + col + q] = SUM(s[0][q]);                                                          \
      c[r1 * n + col + q] = SUM(s[1][q]);                                                          \
    }                                                                                              \
  }                                                                                                \
                                                                                                   \
  __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))                    \
  void NAME(const T *restrict a, const T *restrict bt, T *restrict c, size_t n, size_t k,          \
            size_t row_begin, size_t row_end) {                                                    \
    for (size_t r = row_begin; r < row_end; r += 2) {                                              \
      size_t r1 = r + 1 < row_end ? r + 1 : r;                                                     \
      for (size_t col = 0; col < n; col += 4)                                                      \
        NAME##_block(a, bt, c, r, r1, col, n - col < 4 ? (int)(n - col) : 4, n, k);                \
    }                                                                                              \
  }

DEFINE_SKINNY(gravitas_skinny_matmul_f64, double, 8, pairwise_sum_f64)
DEFINE_SKINNY(gravitas_skinny_matmul_f32, float, 16, pairwise_sum_f32)
