// SiLU, x·σ(x), and its backward g·σ(x)(1 + x(1 − σ(x))) from the gradient g, over Float32 and
// Float64 arrays, branch-free so clang vectorises them.
//
// As separate ops (sigmoid, then a product; five ops backward) SiLU made a GNN step spend more
// time in elementwise passes than in its matrix products. One pass each way here: the backward
// takes the gradient in, rather than writing the derivative for a product to read again. e^{-|x|}
// comes from a Cody–Waite reduced exponential (Taylor to r^13 in Float64, r^7 in Float32, on
// |r| ≤ ln2/2), e taken as 0 past the smallest normal; σ = 1/(1 + e) or e/(1 + e) by sign, so
// nothing overflows. Checked against libm in VectorSiLUTests.
#include "CKernels.h"
// Same rounding on every clone (see vector_tanh.c).
#pragma clang fp contract(off)
#include "exp_kernels.h"

static inline double sigmoid_f64(double x) {
  double a = f64(u64(x) & 0x7fffffffffffffffULL);
  // Past the clamp e^{-|x|} is below the smallest normal: take it as 0 (σ = 0 or 1 exactly).
  double e = a > 700.0 ? 0.0 : exp_nonpositive_f64(a > 700.0 ? -700.0 : -a);
  double s = 1.0 / (1.0 + e);
  return x >= 0 ? s : e * s;
}

static inline float sigmoid_f32(float x) {
  float a = f32(u32(x) & 0x7fffffffU);
  float e = a > 87.0f ? 0.0f : exp_nonpositive_f32(a > 87.0f ? -87.0f : -a);
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

// g·silu'(x) = g·σ(x)(1 + x(1 − σ(x))), one element.
static inline double silu_backward_f64(double g, double x) {
  double s = sigmoid_f64(x);
  return g * (s * (1.0 + x * (1.0 - s)));
}

static inline float silu_backward_f32(float g, float x) {
  float s = sigmoid_f32(x);
  return g * (s * (1.0f + x * (1.0f - s)));
}

// out[i] = g[i·stride_g]·silu'(x[i·stride_x]); strides are 0 or 1 (broadcasting), the common
// case of two dense operands getting its own loop so it vectorises.
__attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
void gravitas_silu_backward_f64(const double *restrict g, size_t stride_g, const double *restrict x,
                                size_t stride_x, double *restrict out, size_t count) {
  if (stride_g == 1 && stride_x == 1) {
    for (size_t i = 0; i < count; i++) out[i] = silu_backward_f64(g[i], x[i]);
  } else {
    for (size_t i = 0; i < count; i++) out[i] = silu_backward_f64(g[i * stride_g], x[i * stride_x]);
  }
}

__attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
void gravitas_silu_backward_f32(const float *restrict g, size_t stride_g, const float *restrict x,
                                size_t stride_x, float *restrict out, size_t count) {
  if (stride_g == 1 && stride_x == 1) {
    for (size_t i = 0; i < count; i++) out[i] = silu_backward_f32(g[i], x[i]);
  } else {
    for (size_t i = 0; i < count; i++) out[i] = silu_backward_f32(g[i * stride_g], x[i * stride_x]);
  }
}
