#ifndef GRAVITAS_CKERNELS_H
#define GRAVITAS_CKERNELS_H
#include <stddef.h>

/// tanh of `count` doubles to ~2 ulp, written so the compiler vectorises it (see vector_tanh.c).
void gravitas_vector_tanh(const double *source, double *destination, size_t count);

/// SiLU x·σ(x), and its backward g·σ(x)(1 + x(1 − σ(x))) from the gradient g with each operand's
/// stride 0 or 1, one vectorised pass each (vector_silu.c).
void gravitas_vector_silu_f64(const double *x, double *y, size_t count);
void gravitas_vector_silu_f32(const float *x, float *y, size_t count);
void gravitas_silu_backward_f64(const double *g, size_t stride_g, const double *x, size_t stride_x, double *out,
                                size_t count);
void gravitas_silu_backward_f32(const float *g, size_t stride_g, const float *x, size_t stride_x, float *out,
                                size_t count);

/// `row` (row_bytes bytes) copied into each of `rows` consecutive rows of c (row_fill.c).
void gravitas_fill_rows(void *c, const void *row, size_t rows, size_t row_bytes);

/// Rows [row_begin, row_end) of C[m×n] = A[m×k]·B[k×n] for few columns n, with B given
/// transposed (bt: n×k, row-major); C is row-major m×n (skinny_matmul.c).
void gravitas_skinny_matmul_f64(const double *a, const double *bt, double *c, size_t n, size_t k,
                                size_t row_begin, size_t row_end);
void gravitas_skinny_matmul_f32(const float *a, const float *bt, float *c, size_t n, size_t k,
                                size_t row_begin, size_t row_end);

/// Rows [row_begin, row_end) of C[m×n] = A·B for a symmetric A[m×m] (only its lower triangle is
/// read), B given transposed (bt: n×m): C gets each row's terms over j ≤ i, and `partial` (n×m,
/// zeroed) accumulates the mirrored terms A_ij·B_i for j < i (symmetric_matmul.c).
void gravitas_symmetric_matmul_f64(const double *a, const double *bt, double *c, double *partial,
                                   size_t n, size_t m, size_t row_begin, size_t row_end);
void gravitas_symmetric_matmul_f32(const float *a, const float *bt, float *c, float *partial,
                                   size_t n, size_t m, size_t row_begin, size_t row_end);

/// out[j] = Σ_r x[r·inner + j] over rows r in order, for columns [col_begin, col_end) (column_sum.c).
void gravitas_column_sum_f64(const double *x, double *out, size_t rows, size_t inner, size_t col_begin, size_t col_end);
void gravitas_column_sum_f32(const float *x, float *out, size_t rows, size_t inner, size_t col_begin, size_t col_end);

/// Runs function(context, job) for every job in [0, jobs) on the calling thread and up to
/// threads − 1 long-lived workers (the count is fixed by the first call); returns when all are
/// done. Runs inline when the pool is busy (thread_pool.c).
typedef void (*gravitas_job_function)(void *context, size_t job);
void gravitas_parallel_for(size_t jobs, size_t threads, void *context, gravitas_job_function function);

/// Keeps freed large blocks on the heap for reuse instead of unmapping them (allocator.c).
void gravitas_keep_freed_memory(void);

/// What cpuid says this CPU has (cpu_features.c). Vector features count only when the OS saves
/// their registers (XCR0).
struct gravitas_cpu_features {
  char vendor[13];
  char name[49];
  int family, model;
  int sse3, avx, fma, avx2, avx512f, avx512dq, avx512bw, avx512vl;
};
void gravitas_cpu_features(struct gravitas_cpu_features *out);

/// `iterations` rounds of 12 independent fused multiply-adds on vectors of `width_bits` (128, 256
/// or 512; the caller checks the CPU has them), in float or double; returns their sum so the work
/// cannot be dropped (fma_peak.c). Flops per call: iterations × 12 × 2 × lanes.
double gravitas_fma_peak_loop(int width_bits, int double_precision, size_t iterations);

/// The CPUs this process's affinity mask allows (sched_getaffinity); 0 when it cannot be read
/// (then the caller falls back to the online processors). cpu_affinity.c.
int gravitas_affinity_cpu_count(void);

#endif
