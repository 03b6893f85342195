// SiLU, x·σ(x), and its derivative σ(x)(1 + x(1 − σ(x))), over Float32 and Float64 arrays,
// branch-free so clang vectorises them.
//
// As separate ops (sigmoid, then a product; five ops backward) SiLU made a GNN step spend more
// time in elementwise passes than in its matrix products. One pass each way here. e^{-|x|}
// comes from a Cody–Waite reduced exponential (Taylor to r^13 in Float64, r^7 in Float32, on
// |r| ≤ ln2/2), the argument clamped where σ saturates; σ = 1/(1 + e) or e/(1 + e) by sign, so
// nothing overflows. Checked against libm in VectorSiLUTests.
#include "CKernels.h"
// Same rounding on every clone (see vector_tanh.c).
#pragma clang fp contract(off)
#include <stdint.h>
#include <string.h>

static inline double f64(uint64_t u) { double d; memcpy(&d, &u, 8); return d; }
static inline uint64_t u64(double d) { uint64_t u; memcpy(&u, &d, 8); return u; }
static inline float f32(uint32_t u) { float f; memcpy(&f, &u, 4); return f; }
static inline uint32_t u32(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }

// e^t for t in [-708, 0].
static inline double exp_nonpositive_f64(double t) {
  double shifted = t * 1.4426950408889634 + 6755399441055744.0;
  double n = shifted - 6755399441055744.0;
  double r = t - n * 0.6931471805598903 - n * 5.497923018708371e-14;
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
  e = e * r + 0.5;
  e = e * r + 1.0;
  e = e * r + 1.0;
  int64_t k = (int64_t)(u64(shifted) - 0x4338000000000000ULL);
  return f64(u64(e) + ((uint64_t)k << 52));
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

static inline double sigmoid_f64(double x) {
  double a = f64(u64(x) & 0x7fffffffffffffffULL);
  double e = exp_nonpositive_f64(a > 700.0 ? -700.0 : -a);
  double s = 1.0 / (1.0 + e);
  return x >= 0 ? s : e * s;
}

static inline float sigmoid_f32(float x) {
  float a = f32(u32(x) & 0x7fffffffU);
  float e = exp_nonpositive_f32(a > 80.0f ? -80.0f : -a);
  float s = 1.0f / (1.0f + e);
  return x >= 0 ? s : e * s;
}

__attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
void gravitas_vector_silu_f64(const double *restrict x, double *restrict y, size_t count) {
  for (size_t i = 0; i < count; i++) y[i] = x[i] * sigmoid_f64(x[i]);
}

__attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
void gravitas_vector_silu_f32(const float *restrict x, float *restrict y, size_t count) {
  for (size_t i = 0; i < count; i++) y[i] = x[i] * sigmoid_f32(x[i]);
}

__attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
void gravitas_vector_silu_derivative_f64(const double *restrict x, double *restrict y, size_t count) {
  for (size_t i = 0; i < count; i++) {
    double s = sigmoid_f64(x[i]);
    y[i] = s * (1.0 + x[i] * (1.0 - s));
  }
}

__attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
void gravitas_vector_silu_derivative_f32(const float *restrict x, float *restrict y, size_t count) {
  for (size_t i = 0; i < count; i++) {
    float s = sigmoid_f32(x[i]);
    y[i] = s * (1.0f + x[i] * (1.0f - s));
  }
}
