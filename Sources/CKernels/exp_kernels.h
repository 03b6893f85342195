// Branch-free exponentials shared by the vector kernels: e^t (and e^t − 1) for t ≤ 0 by Cody–Waite
// reduction (t = n ln2 + r, |r| ≤ ln2/2; n found by adding and removing 1.5·2^52, which also leaves
// it in the low bits) and a Taylor polynomial in r (to r^13 in Float64, r^7 in Float32), scaled by
// 2^n through the exponent bits. Included by the .c files only; contraction stays off there.
#ifndef GRAVITAS_EXP_KERNELS_H
#define GRAVITAS_EXP_KERNELS_H
#include <stdint.h>
#include <string.h>

static inline double f64(uint64_t u) { double d; memcpy(&d, &u, 8); return d; }
static inline uint64_t u64(double d) { uint64_t u; memcpy(&u, &d, 8); return u; }
static inline float f32(uint32_t u) { float f; memcpy(&f, &u, 4); return f; }
static inline uint32_t u32(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }

// The Float64 reduction t = n ln2 + r: returns r, and n in `shifted`'s low bits.
static inline double exp_reduce_f64(double t, double *shifted) {
  *shifted = t * 1.4426950408889634 + 6755399441055744.0;
  double n = *shifted - 6755399441055744.0;
  return t - n * 0.6931471805598903 - n * 5.497923018708371e-14;
}

// The reduction's n from `shifted`.
static inline int64_t exp_reduced_power(double shifted) { return (int64_t)(u64(shifted) - 0x4338000000000000ULL); }

// The Taylor tail p(r) = 1/2! + r/3! + … + r^11/13!, so that e^r = 1 + r(1 + r p(r)).
static inline double exp_tail_f64(double r) {
  double e = 1.6059043836821613e-10;
  e = e * r + 2.08767569878681e-09;
  e = e * r + 2.505210838544172e-08;
  e = e * r + 2.755731922398589e-07;
  e = e * r + 2.7557319223985893e-06;
  e = e * r + 2.48015873015873e-05;
  e = e * r + 0.0001984126984126984;
  e = e * r + 0.001388888888888889;
  e = e * r + 0.008333333333333333;
  e = e * r + 0.041666666666666664;
  e = e * r + 0.16666666666666666;
  return e * r + 0.5;
}

// e^t for t in [-708, 0].
static inline double exp_nonpositive_f64(double t) {
  double shifted;
  double r = exp_reduce_f64(t, &shifted);
  double e = exp_tail_f64(r);
  e = e * r + 1.0;
  e = e * r + 1.0;
  return f64(u64(e) + ((uint64_t)exp_reduced_power(shifted) << 52));
}

// e^t − 1 for t in [-58 ln2, 0], accurate near 0 too: 2^n (e^r − 1) + (2^n − 1), with e^r − 1
// formed as r + r²p(r) (no cancellation) and 2^n − 1 exact.
static inline double expm1_nonpositive_f64(double t) {
  double shifted;
  double r = exp_reduce_f64(t, &shifted);
  double q = (exp_tail_f64(r) * r) * r + r;
  double power = f64((uint64_t)(1023 + exp_reduced_power(shifted)) << 52);
  return power * q + (power - 1.0);
}

// e^t for t in [-87, 0].
static inline float exp_nonpositive_f32(float t) {
  float shifted = t * 1.44269504f + 12582912.0f;
  float n = shifted - 12582912.0f;
  float r = t - n * 0.693145752f - n * 1.42860677e-06f;
  float e = 1.98412698e-04f;
  e = e * r + 1.38888889e-03f;
  e = e * r + 8.33333333e-03f;
  e = e * r + 4.16666667e-02f;
  e = e * r + 1.66666667e-01f;
  e = e * r + 0.5f;
  e = e * r + 1.0f;
  e = e * r + 1.0f;
  int32_t k = (int32_t)(u32(shifted) - 0x4B400000U);
  return f32(u32(e) + ((uint32_t)k << 23));
}

#endif
