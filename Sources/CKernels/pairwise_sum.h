// The fixed pairwise sum of a kernel's LANES partial sums (halves, then quarters, …): one order
// for every clone, block and thread, so a dot product's bits do not depend on them. Included by
// the .c files only.
#ifndef GRAVITAS_PAIRWISE_SUM_H
#define GRAVITAS_PAIRWISE_SUM_H

#define DEFINE_PAIRWISE_SUM(NAME, T, LANES)                                                        \
  static inline __attribute__((always_inline)) T NAME(const T *s) {                                \
    T half[LANES / 2];                                                                             \
    for (int l = 0; l < LANES / 2; l++) half[l] = s[l] + s[l + LANES / 2];                         \
    for (int width = LANES / 4; width >= 1; width /= 2)                                            \
      for (int l = 0; l < width; l++) half[l] = half[l] + half[l + width];                         \
    return half[0];                                                                                \
  }

DEFINE_PAIRWISE_SUM(pairwise_sum_f64, double, 8)
DEFINE_PAIRWISE_SUM(pairwise_sum_f32, float, 16)

#endif
