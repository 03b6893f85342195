// Column sums of a row-major [rows × inner] block: out[j] = Σ_r x[r][j] for j in [col_begin,
// col_end), each column summed in row order (the bits of the plain loop, on any split).
//
// The plain loop `out[j] += x[r][j]` keeps its sums in memory, so every row reloads and stores
// them; here a block of BLOCK columns stays in registers for the whole pass down the rows.
#include "CKernels.h"
#pragma clang fp contract(off)

#define DEFINE_COLUMN_SUM(NAME, T, BLOCK)                                                          \
  __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))                   \
  void NAME(const T *restrict x, T *restrict out, size_t rows, size_t inner, size_t col_begin,     \
            size_t col_end) {                                                                      \
    size_t j = col_begin;                                                                          \
    for (; j + BLOCK <= col_end; j += BLOCK) {                                                     \
      T acc[BLOCK] = {0};                                                                          \
      for (size_t r = 0; r < rows; r++)                                                            \
        for (int l = 0; l < BLOCK; l++) acc[l] += x[r * inner + j + l];                            \
      for (int l = 0; l < BLOCK; l++) out[j + l] = acc[l];                                         \
    }                                                                                              \
    for (; j < col_end; j++) {                                                                     \
      T acc = 0;                                                                                   \
      for (size_t r = 0; r < rows; r++) acc += x[r * inner + j];                                   \
      out[j] = acc;                                                                                \
    }                                                                                              \
  }

DEFINE_COLUMN_SUM(gravitas_column_sum_f64, double, 32)
DEFINE_COLUMN_SUM(gravitas_column_sum_f32, float, 64)
