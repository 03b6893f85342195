#ifndef GRAVITAS_CKERNELS_H
#define GRAVITAS_CKERNELS_H
#include <stddef.h>

/// tanh of `count` doubles to ~2 ulp, written so the compiler vectorises it (see vector_tanh.c).
void gravitas_vector_tanh(const double *source, double *destination, size_t count);

/// SiLU x·σ(x) and its derivative σ(x)(1 + x(1 − σ(x))), one vectorised pass each (vector_silu.c).
void gravitas_vector_silu_f64(const double *x, double *y, size_t count);
void gravitas_vector_silu_f32(const float *x, float *y, size_t count);
void gravitas_vector_silu_derivative_f64(const double *x, double *y, size_t count);
void gravitas_vector_silu_derivative_f32(const float *x, float *y, size_t count);

/// Keeps freed large blocks on the heap for reuse instead of unmapping them (allocator.c).
void gravitas_keep_freed_memory(void);

#endif
