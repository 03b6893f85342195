/// The CUDA C++ source of every kernel the CUDA backend launches, compiled by NVRTC at first use
/// for the device's architecture (and cached on disk by the hash of this text).
///
/// Each kernel is a template instantiated for float and double under `extern "C"` names ending
/// in `_f32` / `_f64`. Operation codes are the raw values of `UnaryCode` and `BinaryCode`.
/// Index arithmetic is 64-bit throughout: a [70000, 90, 128] activation has 8·10⁸ elements.
enum KernelSource {
  static let text = #"""
    typedef long long i64;

    // Shape and per-operand strides of an elementwise launch, at most 8 axes after coalescing.
    struct Layout {
      i64 shape[8];
      i64 strides[3][8];
      i64 rank;
    };

    template <typename T> struct M;
    template <> struct M<float> {
      static __device__ float exp(float x) { return expf(x); }
      static __device__ float log(float x) { return logf(x); }
      static __device__ float log1p(float x) { return log1pf(x); }
      static __device__ float sqrt(float x) { return sqrtf(x); }
      static __device__ float abs(float x) { return fabsf(x); }
      static __device__ float tanh(float x) { return tanhf(x); }
      static __device__ float sin(float x) { return sinf(x); }
      static __device__ float cos(float x) { return cosf(x); }
      static __device__ float erf(float x) { return erff(x); }
      static __device__ float pow(float x, float y) { return powf(x, y); }
      static __device__ float inf() { return __int_as_float(0x7f800000); }
      static __device__ float nan() { return __int_as_float(0x7fc00000); }
    };
    template <> struct M<double> {
      static __device__ double exp(double x) { return ::exp(x); }
      static __device__ double log(double x) { return ::log(x); }
      static __device__ double log1p(double x) { return ::log1p(x); }
      static __device__ double sqrt(double x) { return ::sqrt(x); }
      static __device__ double abs(double x) { return fabs(x); }
      static __device__ double tanh(double x) { return ::tanh(x); }
      static __device__ double sin(double x) { return ::sin(x); }
      static __device__ double cos(double x) { return ::cos(x); }
      static __device__ double erf(double x) { return ::erf(x); }
      static __device__ double pow(double x, double y) { return ::pow(x, y); }
      static __device__ double inf() { return __longlong_as_double(0x7ff0000000000000LL); }
      static __device__ double nan() { return __longlong_as_double(0x7ff8000000000000LL); }
    };

    #define GRID_LOOP(i, n) for (i64 i = (i64)blockIdx.x * blockDim.x + threadIdx.x; i < (n); i += (i64)blockDim.x * gridDim.x)

    // The offset of output element `i` in operand `k` (row-major odometer, last axis fastest).
    __device__ inline i64 operand_offset(const Layout &L, int k, i64 i) {
      i64 offset = 0;
      for (int axis = (int)L.rank - 1; axis >= 0; axis--) {
        i64 extent = L.shape[axis];
        offset += (i % extent) * L.strides[k][axis];
        i /= extent;
      }
      return offset;
    }

    template <typename T> __device__ inline T sigmoid_of(T x) {
      T e = M<T>::exp(-M<T>::abs(x));  // never overflows
      return x >= T(0) ? T(1) / (T(1) + e) : e / (T(1) + e);
    }

    template <typename T> __device__ inline T apply_unary(int op, T x) {
      switch (op) {
        case 0: return -x;
        case 1: return M<T>::exp(x);
        case 2: return M<T>::log(x);
        case 3: return M<T>::log1p(x);
        case 4: return M<T>::sqrt(x);
        case 5: return M<T>::abs(x);
        case 6: return x > T(0) ? T(1) : (x < T(0) ? T(-1) : T(0));
        case 7: return M<T>::tanh(x);
        case 8: return sigmoid_of(x);
        case 9: return x > T(0) ? x : T(0);
        case 10: return (x > T(0) ? x : T(0)) + M<T>::log1p(M<T>::exp(-M<T>::abs(x)));
        case 11: return M<T>::sin(x);
        case 12: return M<T>::cos(x);
        case 13: return M<T>::erf(x);
        case 14: return x * sigmoid_of(x);
      }
      return M<T>::nan();
    }

    template <typename T> __device__ inline T apply_binary(int op, T a, T b) {
      switch (op) {
        case 0: return a + b;
        case 1: return a - b;
        case 2: return a * b;
        case 3: return a / b;
        case 4: return M<T>::pow(a, b);
        case 5: return (a != a || b != b) ? M<T>::nan() : (a >= b ? a : b);  // NaN propagates, as in NumPy
        case 6: return (a != a || b != b) ? M<T>::nan() : (a <= b ? a : b);
        case 7: return a > b ? T(1) : T(0);
        case 8: return a >= b ? T(1) : T(0);
        case 9: return a < b ? T(1) : T(0);
        case 10: return a <= b ? T(1) : T(0);
        case 11: return a == b ? T(1) : T(0);
        case 12: return a != b ? T(1) : T(0);
        case 13: return a * (T(1) - b * b);  // tanh's backward: g·(1 − y²)
        case 14: { T s = sigmoid_of(b); return a * (s * (T(1) + b * (T(1) - s))); }  // SiLU's, x = b
      }
      return M<T>::nan();
    }

    template <typename T> __device__ void fill(T *out, T value, i64 n) { GRID_LOOP(i, n) out[i] = value; }

    template <typename T> __device__ void unary(int op, const T *x, T *y, i64 n) {
      GRID_LOOP(i, n) y[i] = apply_unary<T>(op, x[i]);
    }

    // Same-shape operands: no index arithmetic.
    template <typename T> __device__ void binary_dense(int op, const T *a, const T *b, T *out, i64 n) {
      GRID_LOOP(i, n) out[i] = apply_binary<T>(op, a[i], b[i]);
    }

    template <typename T> __device__ void binary(int op, const T *a, const T *b, T *out, Layout L, i64 n) {
      GRID_LOOP(i, n) out[i] = apply_binary<T>(op, a[operand_offset(L, 0, i)], b[operand_offset(L, 1, i)]);
    }

    template <typename T> __device__ void select(const T *c, const T *a, const T *b, T *out, Layout L, i64 n) {
      GRID_LOOP(i, n) {
        out[i] = c[operand_offset(L, 0, i)] != T(0) ? a[operand_offset(L, 1, i)] : b[operand_offset(L, 2, i)];
      }
    }

    template <typename T> __device__ inline T combine(int op, T acc, T v) {
      if (op == 0) return acc + v;
      if (op == 1) return (v <= acc) ? acc : v;  // NaN wins
      return (v >= acc) ? acc : v;
    }

    template <typename T> __device__ inline T identity_of(int op) {
      return op == 0 ? T(0) : (op == 1 ? -M<T>::inf() : M<T>::inf());
    }

    // [outer, size, inner] → [outer, inner], one thread per output walking the reduced axis in order,
    // so neighbouring threads read neighbouring memory (inner > 1).
    template <typename T> __device__ void reduce_columns(int op, const T *x, T *out, i64 outer, i64 size, i64 inner) {
      GRID_LOOP(i, outer * inner) {
        i64 o = i / inner, e = i % inner;
        const T *p = x + o * size * inner + e;
        T acc = identity_of<T>(op);
        for (i64 r = 0; r < size; r++) acc = combine<T>(op, acc, p[r * inner]);
        out[i] = acc;
      }
    }

    // inner == 1: one block of 256 threads per row, a fixed-order tree in shared memory, so the
    // result is the same on every run.
    template <typename T> __device__ void reduce_rows(int op, const T *x, T *out, i64 size) {
      __shared__ T partial[256];
      const T *row = x + (i64)blockIdx.x * size;
      T acc = identity_of<T>(op);
      for (i64 r = threadIdx.x; r < size; r += blockDim.x) acc = combine<T>(op, acc, row[r]);
      partial[threadIdx.x] = acc;
      __syncthreads();
      for (int width = blockDim.x / 2; width > 0; width /= 2) {
        if (threadIdx.x < width) partial[threadIdx.x] = combine<T>(op, partial[threadIdx.x], partial[threadIdx.x + width]);
        __syncthreads();
      }
      if (threadIdx.x == 0) out[blockIdx.x] = partial[0];
    }

    template <typename T> __device__ void strided_copy(const T *x, T *out, Layout L, i64 offset, i64 n) {
      GRID_LOOP(i, n) out[i] = x[offset + operand_offset(L, 0, i)];
    }

    template <typename T> __device__ void copy_into(const T *source, T *destination, Layout L, i64 offset, i64 n) {
      GRID_LOOP(i, n) destination[offset + operand_offset(L, 0, i)] = source[i];
    }

    template <typename S, typename D> __device__ void cast(const S *x, D *y, i64 n) { GRID_LOOP(i, n) y[i] = (D)x[i]; }

    // x [outer, size, inner] → out [outer, count, inner], out[o, j, e] = x[o, index[j], e].
    template <typename T> __device__ void gather(const T *x, T *out, const i64 *index, i64 outer, i64 size, i64 inner, i64 count) {
      GRID_LOOP(i, outer * count * inner) {
        i64 e = i % inner, j = (i / inner) % count, o = i / (inner * count);
        out[i] = x[(o * size + index[j]) * inner + e];
      }
    }

    // The deterministic scatter-add: `order` lists source rows sorted (stably) by their index, and
    // rows order[start[s]] ..< order[start[s + 1]] all go to output row s; each output is one thread
    // summing its rows in index order — the CPU backend's order, so the sums agree bit for bit.
    template <typename T> __device__ void scatter_add_sorted(const T *source, T *out, const i64 *order, const i64 *start,
                                                            i64 segments, i64 outer, i64 size, i64 inner, i64 count) {
      GRID_LOOP(i, outer * size * inner) {
        i64 e = i % inner, s = (i / inner) % size, o = i / (inner * size);
        T acc = T(0);
        if (s < segments) {
          for (i64 k = start[s]; k < start[s + 1]; k++) acc += source[(o * count + order[k]) * inner + e];
        }
        out[i] = acc;
      }
    }

    // The atomic scatter-add: faster on wide fan-in, but the order of the additions (and so the last
    // bits of the sums) changes from run to run. `out` must be zeroed.
    template <typename T> __device__ void scatter_add_atomic(const T *source, T *out, const i64 *index,
                                                            i64 outer, i64 size, i64 inner, i64 count) {
      GRID_LOOP(i, outer * count * inner) {
        i64 e = i % inner, j = (i / inner) % count, o = i / (inner * count);
        atomicAdd(out + (o * size + index[j]) * inner + e, source[i]);
      }
    }

    #define BOTH(NAME, PARAMS, ARGS) \
      extern "C" __global__ void NAME##_f32 PARAMS(float) { NAME<float> ARGS; } \
      extern "C" __global__ void NAME##_f64 PARAMS(double) { NAME<double> ARGS; }

    #define P_FILL(T) (T *out, T value, i64 n)
    BOTH(fill, P_FILL, (out, value, n))
    #define P_UNARY(T) (int op, const T *x, T *y, i64 n)
    BOTH(unary, P_UNARY, (op, x, y, n))
    #define P_BINARY_DENSE(T) (int op, const T *a, const T *b, T *out, i64 n)
    BOTH(binary_dense, P_BINARY_DENSE, (op, a, b, out, n))
    #define P_BINARY(T) (int op, const T *a, const T *b, T *out, Layout L, i64 n)
    BOTH(binary, P_BINARY, (op, a, b, out, L, n))
    #define P_SELECT(T) (const T *c, const T *a, const T *b, T *out, Layout L, i64 n)
    BOTH(select, P_SELECT, (c, a, b, out, L, n))
    #define P_REDUCE_COLUMNS(T) (int op, const T *x, T *out, i64 outer, i64 size, i64 inner)
    BOTH(reduce_columns, P_REDUCE_COLUMNS, (op, x, out, outer, size, inner))
    #define P_REDUCE_ROWS(T) (int op, const T *x, T *out, i64 size)
    BOTH(reduce_rows, P_REDUCE_ROWS, (op, x, out, size))
    #define P_STRIDED_COPY(T) (const T *x, T *out, Layout L, i64 offset, i64 n)
    BOTH(strided_copy, P_STRIDED_COPY, (x, out, L, offset, n))
    #define P_COPY_INTO(T) (const T *source, T *destination, Layout L, i64 offset, i64 n)
    BOTH(copy_into, P_COPY_INTO, (source, destination, L, offset, n))
    #define P_GATHER(T) (const T *x, T *out, const i64 *index, i64 outer, i64 size, i64 inner, i64 count)
    BOTH(gather, P_GATHER, (x, out, index, outer, size, inner, count))
    #define P_SCATTER_SORTED(T) (const T *source, T *out, const i64 *order, const i64 *start, i64 segments, \
                                 i64 outer, i64 size, i64 inner, i64 count)
    BOTH(scatter_add_sorted, P_SCATTER_SORTED, (source, out, order, start, segments, outer, size, inner, count))
    #define P_SCATTER_ATOMIC(T) (const T *source, T *out, const i64 *index, i64 outer, i64 size, i64 inner, i64 count)
    BOTH(scatter_add_atomic, P_SCATTER_ATOMIC, (source, out, index, outer, size, inner, count))

    extern "C" __global__ void cast_f32_f64(const float *x, double *y, i64 n) { cast<float, double>(x, y, n); }
    extern "C" __global__ void cast_f64_f32(const double *x, float *y, i64 n) { cast<double, float>(x, y, n); }
    """#

  /// Every kernel entry point, for the compile test and for loading the module eagerly.
  static let kernelNames: [String] = {
    let templated = [
      "fill", "unary", "binary_dense", "binary", "select", "reduce_columns", "reduce_rows",
      "strided_copy", "copy_into", "gather", "scatter_add_sorted", "scatter_add_atomic",
    ]
    return templated.flatMap { ["\($0)_f32", "\($0)_f64"] } + ["cast_f32_f64", "cast_f64_f32"]
  }()
}
