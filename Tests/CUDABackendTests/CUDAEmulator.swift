import CCUDA
import Foundation

@testable import CUDABackend

/// The CUDA backend's host side run against an emulated GPU: the kernel source NVRTC compiles
/// is compiled here by clang++ as C++ (thread and block indices as variables, every thread of
/// every block run in turn), behind a driver table (malloc for device memory, memcpy for
/// transfers, launches by kernel name) and a column-major reference cuBLAS. With it the
/// comparison suite exercises, on a machine without a GPU, everything but the silicon: argument
/// marshalling, the `Layout` struct, the allocator, index buffers, the row-major → column-major
/// cuBLAS mapping, and what each kernel computes.
enum CUDAEmulator {
  enum Failure: Error, CustomStringConvertible {
    case noCompiler(String)
    case compile(String)
    case load(String)
    var description: String {
      switch self {
      case .noCompiler(let s): "no C++ compiler for the CUDA emulator: \(s)"
      case .compile(let log): "the emulator did not compile:\n\(log)"
      case .load(let s): "the emulator did not load: \(s)"
      }
    }
  }

  /// Builds (once per process) and returns the emulated libraries.
  static func libraries() throws -> CUDALibraries {
    let library = try built.get()
    typealias Fill =
      @convention(c) (UnsafeMutablePointer<GravitasCUDADriver>, UnsafeMutablePointer<GravitasCUBLAS>) -> Void
    guard let symbol = dlsym(library, "gravitas_emulator_tables") else {
      throw Failure.load("no gravitas_emulator_tables")
    }
    var driver = GravitasCUDADriver()
    var blas = GravitasCUBLAS()
    unsafeBitCast(symbol, to: Fill.self)(&driver, &blas)
    return CUDALibraries(driver: driver, loadBLAS: { blas }, kernelImage: { _ in [0] })
  }

  nonisolated(unsafe) private static let built: Result<UnsafeMutableRawPointer, Error> = Result { try build() }

  private static func build() throws -> UnsafeMutableRawPointer {
    let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "gravitas-cuda-emulator-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let source = folder.appendingPathComponent("emulator.cpp")
    let library = folder.appendingPathComponent("emulator.so")
    try (prelude + "namespace gravitas_kernels {\n" + KernelSource.text + "\n}\n" + dispatcher + runtime)
      .write(to: source, atomically: false, encoding: .utf8)
    let compiler = ProcessInfo.processInfo.environment["CXX"] ?? "clang++"
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [
      compiler, "-std=c++17", "-O1", "-shared", "-fPIC", "-w",
      "-I", repository.appendingPathComponent("Sources/CCUDA/include").path,
      source.path, "-o", library.path,
    ]
    let log = Pipe()
    process.standardError = log
    process.standardOutput = log
    do { try process.run() } catch { throw Failure.noCompiler("\(compiler): \(error)") }
    process.waitUntilExit()
    let output = String(decoding: log.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    guard process.terminationStatus == 0 else {
      if process.terminationStatus == 127 { throw Failure.noCompiler("\(compiler) not found") }
      throw Failure.compile(output)
    }
    guard let handle = dlopen(library.path, RTLD_NOW | RTLD_LOCAL) else {
      throw Failure.load(String(cString: dlerror()))
    }
    return handle
  }

  /// What NVRTC provides implicitly, for the host: the thread indices, shared memory, barriers
  /// (never reached with more than one thread: block-cooperative kernels run one thread per
  /// block), atomics, bit casts, and the math library.
  static let prelude = """
    #include <math.h>
    #include <stdlib.h>
    #include <string.h>
    #include "ccuda.h"
    struct EmulatedDim { unsigned x; };
    static EmulatedDim blockIdx, threadIdx, blockDim, gridDim;
    #define __global__
    #define __device__
    #define __shared__ static
    static inline void __syncthreads() {}
    static inline float __int_as_float(int i) { float f; memcpy(&f, &i, 4); return f; }
    static inline double __longlong_as_double(long long i) { double d; memcpy(&d, &i, 8); return d; }
    template <typename T> static inline T atomicAdd(T *p, T v) { T old = *p; *p = old + v; return old; }

    """

  /// Calls a kernel by name with its arguments from a cuLaunchKernel parameter array.
  static var dispatcher: String {
    let cases = KernelSource.kernelNames.map { name in
      "  if (!strcmp(name, \"\(name)\")) { invoke(&gravitas_kernels::\(name), parameters); return 0; }"
    }.joined(separator: "\n")
    return """
      template <typename... A> struct Invoker;
      template <> struct Invoker<> {
        template <typename F, typename... D> static void go(F f, void **, D... done) { f(done...); }
      };
      template <typename H, typename... R> struct Invoker<H, R...> {
        template <typename F, typename... D> static void go(F f, void **p, D... done) {
          Invoker<R...>::go(f, p + 1, done..., *(H *)p[0]);
        }
      };
      template <typename... A> static void invoke(void (*f)(A...), void **p) { Invoker<A...>::go(f, p); }
      static int dispatch(const char *name, void **parameters) {
      \(cases)
        return 1;
      }

      """
  }

  static let runtime = """
    static CUresult e_cuInit(unsigned) { return 0; }
    static CUresult e_cuGetErrorName(CUresult, const char **n) { *n = "CUDA_ERROR_EMULATED"; return 0; }
    static CUresult e_cuGetErrorString(CUresult, const char **t) { *t = "emulator failure"; return 0; }
    static CUresult e_cuDeviceGetCount(int *c) { *c = 1; return 0; }
    static CUresult e_cuDeviceGet(CUdevice *d, int o) { *d = o; return 0; }
    static CUresult e_cuDeviceGetName(char *n, int length, CUdevice) { strncpy(n, "CPU emulator", length); return 0; }
    static CUresult e_cuDeviceGetAttribute(int *v, int a, CUdevice) { *v = a == 75 ? 9 : 0; return 0; }
    static CUresult e_cuDevicePrimaryCtxRetain(CUcontext *c, CUdevice) { *c = (CUcontext)1; return 0; }
    static CUresult e_cuCtxSetCurrent(CUcontext) { return 0; }
    static CUresult e_cuStreamCreate(CUstream *s, unsigned) { *s = (CUstream)1; return 0; }
    static CUresult e_cuStreamSynchronize(CUstream) { return 0; }
    // Fresh device memory is garbage, as on a GPU: a kernel that relies on zeroes shows it.
    static CUresult e_cuMemAlloc(CUdeviceptr *p, size_t bytes) {
      void *m = malloc(bytes); if (!m) return 2; memset(m, 0xA5, bytes); *p = (CUdeviceptr)m; return 0;
    }
    static CUresult e_cuMemFree(CUdeviceptr p) { free((void *)p); return 0; }
    static CUresult e_cuMemcpyHtoDAsync(CUdeviceptr to, const void *from, size_t n, CUstream) { memcpy((void *)to, from, n); return 0; }
    static CUresult e_cuMemcpyDtoHAsync(void *to, CUdeviceptr from, size_t n, CUstream) { memcpy(to, (void *)from, n); return 0; }
    static CUresult e_cuMemcpyDtoDAsync(CUdeviceptr to, CUdeviceptr from, size_t n, CUstream) { memcpy((void *)to, (void *)from, n); return 0; }
    static CUresult e_cuModuleLoadData(CUmodule *m, const void *) { *m = (CUmodule)1; return 0; }
    static CUresult e_cuModuleGetFunction(CUfunction *f, CUmodule, const char *name) { *f = (CUfunction)strdup(name); return 0; }
    static CUresult e_cuLaunchKernel(CUfunction f, unsigned gx, unsigned, unsigned, unsigned bx, unsigned, unsigned, unsigned,
                                     CUstream, void **parameters, void **) {
      const char *name = (const char *)f;
      // Kernels that meet at a barrier run one thread per block; every other thread of every block in turn.
      unsigned threads = strncmp(name, "reduce_rows", 11) == 0 ? 1 : bx;
      gridDim.x = gx; blockDim.x = threads;
      for (unsigned b = 0; b < gx; b++) {
        for (unsigned t = 0; t < threads; t++) {
          blockIdx.x = b; threadIdx.x = t;
          if (dispatch(name, parameters)) return 500;  // CUDA_ERROR_NOT_FOUND
        }
      }
      return 0;
    }

    // cuBLAS, column-major, by definition.
    static cublasStatus_t e_cublasCreate(cublasHandle_t *h) { *h = (cublasHandle_t)1; return 0; }
    static cublasStatus_t e_cublasSetStream(cublasHandle_t, CUstream) { return 0; }
    template <typename T>
    static cublasStatus_t gemm(int ta, int tb, int m, int n, int k, const T *alpha, const T *A, int lda, long long sA,
                               const T *B, int ldb, long long sB, const T *beta, T *C, int ldc, long long sC, int batch) {
      // The argument checks cuBLAS makes (CUBLAS_STATUS_INVALID_VALUE = 7).
      if (m < 0 || n < 0 || k < 0 || batch < 0) return 7;
      if (lda < (ta ? (k > 1 ? k : 1) : (m > 1 ? m : 1)) || ldb < (tb ? (n > 1 ? n : 1) : (k > 1 ? k : 1)) || ldc < (m > 1 ? m : 1)) return 7;
      for (int b = 0; b < batch; b++)
        for (int i = 0; i < m; i++)
          for (int j = 0; j < n; j++) {
            T s = 0;
            for (int p = 0; p < k; p++) {
              T a = ta ? A[b * sA + p + (long long)i * lda] : A[b * sA + i + (long long)p * lda];
              T x = tb ? B[b * sB + j + (long long)p * ldb] : B[b * sB + p + (long long)j * ldb];
              s += a * x;
            }
            T *c = &C[b * sC + i + (long long)j * ldc];
            *c = *alpha * s + (*beta == 0 ? T(0) : *beta * *c);
          }
      return 0;
    }
    // op(A) as a dense n×n matrix, the triangle not named read as zero.
    template <typename T> static T *triangle(int uplo, int trans, int n, const T *A, int lda) {
      T *d = (T *)calloc((size_t)n * n, sizeof(T));
      for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
          bool stored = uplo == 0 ? i >= j : i <= j;  // FILL_LOWER = 0
          if (stored) { if (trans) d[j + (long long)i * n] = A[i + (long long)j * lda]; else d[i + (long long)j * n] = A[i + (long long)j * lda]; }
        }
      return d;
    }
    // X·op(A) = αB (side right), X over B.
    template <typename T>
    static cublasStatus_t trsm(int side, int uplo, int trans, int, int m, int n, const T *alpha, const T *A, int lda, T *B, int ldb) {
      if (side != 1) return 7;
      if (m < 0 || n < 0 || lda < (n > 1 ? n : 1) || ldb < (m > 1 ? m : 1)) return 7;
      T *a = triangle(uplo, trans, n, A, lda);
      bool upper = (uplo == 1) != (trans == 1);
      for (int i = 0; i < m; i++) {
        for (int jj = 0; jj < n; jj++) {
          int j = upper ? jj : n - 1 - jj;
          T s = *alpha * B[i + (long long)j * ldb];
          for (int p = 0; p < n; p++) if (upper ? p < j : p > j) s -= B[i + (long long)p * ldb] * a[p + (long long)j * n];
          B[i + (long long)j * ldb] = s / a[j + (long long)j * n];
        }
      }
      free(a);
      return 0;
    }
    // C = α B·op(A) (side right).
    template <typename T>
    static cublasStatus_t trmm(int side, int uplo, int trans, int, int m, int n, const T *alpha, const T *A, int lda,
                               const T *B, int ldb, T *C, int ldc) {
      if (side != 1) return 7;
      if (m < 0 || n < 0 || lda < (n > 1 ? n : 1) || ldb < (m > 1 ? m : 1) || ldc < (m > 1 ? m : 1)) return 7;
      T *a = triangle(uplo, trans, n, A, lda);
      for (int i = 0; i < m; i++)
        for (int j = 0; j < n; j++) {
          T s = 0;
          for (int p = 0; p < n; p++) s += B[i + (long long)p * ldb] * a[p + (long long)j * n];
          C[i + (long long)j * ldc] = *alpha * s;
        }
      free(a);
      return 0;
    }
    static cublasStatus_t e_sgemm(cublasHandle_t, int ta, int tb, int m, int n, int k, const float *al, const float *A, int lda,
                                  long long sA, const float *B, int ldb, long long sB, const float *be, float *C, int ldc,
                                  long long sC, int batch) { return gemm(ta, tb, m, n, k, al, A, lda, sA, B, ldb, sB, be, C, ldc, sC, batch); }
    static cublasStatus_t e_dgemm(cublasHandle_t, int ta, int tb, int m, int n, int k, const double *al, const double *A, int lda,
                                  long long sA, const double *B, int ldb, long long sB, const double *be, double *C, int ldc,
                                  long long sC, int batch) { return gemm(ta, tb, m, n, k, al, A, lda, sA, B, ldb, sB, be, C, ldc, sC, batch); }
    static cublasStatus_t e_strsm(cublasHandle_t, int s, int u, int t, int d, int m, int n, const float *al, const float *A, int lda,
                                  float *B, int ldb) { return trsm(s, u, t, d, m, n, al, A, lda, B, ldb); }
    static cublasStatus_t e_dtrsm(cublasHandle_t, int s, int u, int t, int d, int m, int n, const double *al, const double *A, int lda,
                                  double *B, int ldb) { return trsm(s, u, t, d, m, n, al, A, lda, B, ldb); }
    static cublasStatus_t e_strmm(cublasHandle_t, int s, int u, int t, int d, int m, int n, const float *al, const float *A, int lda,
                                  const float *B, int ldb, float *C, int ldc) { return trmm(s, u, t, d, m, n, al, A, lda, B, ldb, C, ldc); }
    static cublasStatus_t e_dtrmm(cublasHandle_t, int s, int u, int t, int d, int m, int n, const double *al, const double *A, int lda,
                                  const double *B, int ldb, double *C, int ldc) { return trmm(s, u, t, d, m, n, al, A, lda, B, ldb, C, ldc); }

    extern "C" void gravitas_emulator_tables(GravitasCUDADriver *d, GravitasCUBLAS *b) {
      memset(d, 0, sizeof *d); memset(b, 0, sizeof *b);
      d->cuInit = e_cuInit; d->cuGetErrorName = e_cuGetErrorName; d->cuGetErrorString = e_cuGetErrorString;
      d->cuDeviceGetCount = e_cuDeviceGetCount; d->cuDeviceGet = e_cuDeviceGet; d->cuDeviceGetName = e_cuDeviceGetName;
      d->cuDeviceGetAttribute = e_cuDeviceGetAttribute; d->cuDevicePrimaryCtxRetain = e_cuDevicePrimaryCtxRetain;
      d->cuCtxSetCurrent = e_cuCtxSetCurrent; d->cuStreamCreate = e_cuStreamCreate; d->cuStreamSynchronize = e_cuStreamSynchronize;
      d->cuMemAlloc = e_cuMemAlloc; d->cuMemFree = e_cuMemFree; d->cuMemcpyHtoDAsync = e_cuMemcpyHtoDAsync;
      d->cuMemcpyDtoHAsync = e_cuMemcpyDtoHAsync; d->cuMemcpyDtoDAsync = e_cuMemcpyDtoDAsync;
      d->cuModuleLoadData = e_cuModuleLoadData; d->cuModuleGetFunction = e_cuModuleGetFunction; d->cuLaunchKernel = e_cuLaunchKernel;
      strcpy(d->path, "emulator");
      b->cublasCreate = e_cublasCreate; b->cublasSetStream = e_cublasSetStream;
      b->cublasSgemmStridedBatched = e_sgemm; b->cublasDgemmStridedBatched = e_dgemm;
      b->cublasStrsm = e_strsm; b->cublasDtrsm = e_dtrsm; b->cublasStrmm = e_strmm; b->cublasDtrmm = e_dtrmm;
      strcpy(b->path, "emulator");
    }
    """
}
