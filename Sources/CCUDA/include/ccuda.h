// Our own declarations of the few CUDA driver, NVRTC and cuBLAS types and functions Gravitas
// uses, so that it builds with no CUDA toolkit. The libraries are opened at run time (loader.c).
// Values of the enums are those of the CUDA 12 headers (stable across releases).
#ifndef GRAVITAS_CCUDA_H
#define GRAVITAS_CCUDA_H

#include <stddef.h>

// Driver API (libcuda.so.1).
typedef int CUresult;               // 0 = CUDA_SUCCESS
typedef int CUdevice;
typedef unsigned long long CUdeviceptr;
typedef struct CUctx_st *CUcontext;
typedef struct CUmod_st *CUmodule;
typedef struct CUfunc_st *CUfunction;
typedef struct CUstream_st *CUstream;
enum { GRAVITAS_CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR = 75,
       GRAVITAS_CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR = 76 };

typedef struct {
  CUresult (*cuInit)(unsigned int flags);
  CUresult (*cuGetErrorName)(CUresult error, const char **name);
  CUresult (*cuGetErrorString)(CUresult error, const char **text);
  CUresult (*cuDeviceGetCount)(int *count);
  CUresult (*cuDeviceGet)(CUdevice *device, int ordinal);
  CUresult (*cuDeviceGetName)(char *name, int length, CUdevice device);
  CUresult (*cuDeviceGetAttribute)(int *value, int attribute, CUdevice device);
  CUresult (*cuDevicePrimaryCtxRetain)(CUcontext *context, CUdevice device);
  CUresult (*cuCtxSetCurrent)(CUcontext context);
  CUresult (*cuStreamCreate)(CUstream *stream, unsigned int flags);
  CUresult (*cuStreamSynchronize)(CUstream stream);
  CUresult (*cuMemAlloc)(CUdeviceptr *pointer, size_t bytes);                       // cuMemAlloc_v2
  CUresult (*cuMemFree)(CUdeviceptr pointer);                                       // cuMemFree_v2
  CUresult (*cuMemcpyHtoDAsync)(CUdeviceptr to, const void *from, size_t bytes, CUstream stream);  // _v2
  CUresult (*cuMemcpyDtoHAsync)(void *to, CUdeviceptr from, size_t bytes, CUstream stream);        // _v2
  CUresult (*cuMemcpyDtoDAsync)(CUdeviceptr to, CUdeviceptr from, size_t bytes, CUstream stream);  // _v2
  CUresult (*cuModuleLoadData)(CUmodule *module, const void *image);
  CUresult (*cuModuleGetFunction)(CUfunction *function, CUmodule module, const char *name);
  CUresult (*cuLaunchKernel)(CUfunction function, unsigned gridX, unsigned gridY, unsigned gridZ,
                             unsigned blockX, unsigned blockY, unsigned blockZ, unsigned sharedBytes,
                             CUstream stream, void **parameters, void **extra);
  char path[512];  // the library opened, for messages
} GravitasCUDADriver;

// NVRTC (libnvrtc.so*).
typedef int nvrtcResult;            // 0 = NVRTC_SUCCESS
typedef struct _nvrtcProgram *nvrtcProgram;

typedef struct {
  const char *(*nvrtcGetErrorString)(nvrtcResult result);
  nvrtcResult (*nvrtcVersion)(int *major, int *minor);
  nvrtcResult (*nvrtcCreateProgram)(nvrtcProgram *program, const char *source, const char *name,
                                    int headerCount, const char *const *headers, const char *const *includeNames);
  nvrtcResult (*nvrtcCompileProgram)(nvrtcProgram program, int optionCount, const char *const *options);
  nvrtcResult (*nvrtcGetProgramLogSize)(nvrtcProgram program, size_t *size);
  nvrtcResult (*nvrtcGetProgramLog)(nvrtcProgram program, char *log);
  nvrtcResult (*nvrtcGetPTXSize)(nvrtcProgram program, size_t *size);
  nvrtcResult (*nvrtcGetPTX)(nvrtcProgram program, char *ptx);
  nvrtcResult (*nvrtcGetCUBINSize)(nvrtcProgram program, size_t *size);
  nvrtcResult (*nvrtcGetCUBIN)(nvrtcProgram program, char *cubin);
  nvrtcResult (*nvrtcDestroyProgram)(nvrtcProgram *program);
  char path[512];
} GravitasNVRTC;

// cuBLAS (libcublas.so*): column-major BLAS on the device.
typedef int cublasStatus_t;         // 0 = CUBLAS_STATUS_SUCCESS
typedef struct cublasContext *cublasHandle_t;
enum { GRAVITAS_CUBLAS_OP_N = 0, GRAVITAS_CUBLAS_OP_T = 1 };
enum { GRAVITAS_CUBLAS_FILL_LOWER = 0, GRAVITAS_CUBLAS_FILL_UPPER = 1 };
enum { GRAVITAS_CUBLAS_SIDE_LEFT = 0, GRAVITAS_CUBLAS_SIDE_RIGHT = 1 };
enum { GRAVITAS_CUBLAS_DIAG_NON_UNIT = 0 };

typedef struct {
  cublasStatus_t (*cublasCreate)(cublasHandle_t *handle);                          // cublasCreate_v2
  cublasStatus_t (*cublasSetStream)(cublasHandle_t handle, CUstream stream);       // cublasSetStream_v2
  cublasStatus_t (*cublasSgemmStridedBatched)(cublasHandle_t, int transA, int transB, int m, int n, int k,
      const float *alpha, const float *A, int lda, long long strideA, const float *B, int ldb, long long strideB,
      const float *beta, float *C, int ldc, long long strideC, int batch);
  cublasStatus_t (*cublasDgemmStridedBatched)(cublasHandle_t, int transA, int transB, int m, int n, int k,
      const double *alpha, const double *A, int lda, long long strideA, const double *B, int ldb, long long strideB,
      const double *beta, double *C, int ldc, long long strideC, int batch);
  cublasStatus_t (*cublasStrsm)(cublasHandle_t, int side, int uplo, int trans, int diag, int m, int n,
      const float *alpha, const float *A, int lda, float *B, int ldb);              // cublasStrsm_v2
  cublasStatus_t (*cublasDtrsm)(cublasHandle_t, int side, int uplo, int trans, int diag, int m, int n,
      const double *alpha, const double *A, int lda, double *B, int ldb);           // cublasDtrsm_v2
  cublasStatus_t (*cublasStrmm)(cublasHandle_t, int side, int uplo, int trans, int diag, int m, int n,
      const float *alpha, const float *A, int lda, const float *B, int ldb, float *C, int ldc);   // _v2
  cublasStatus_t (*cublasDtrmm)(cublasHandle_t, int side, int uplo, int trans, int diag, int m, int n,
      const double *alpha, const double *A, int lda, const double *B, int ldb, double *C, int ldc);  // _v2
  char path[512];
} GravitasCUBLAS;

// Loaders: 0 on success; otherwise a one-line reason is written to `error`.
int gravitas_load_cuda_driver(GravitasCUDADriver *driver, char *error, size_t errorSize);
int gravitas_load_nvrtc(GravitasNVRTC *nvrtc, char *error, size_t errorSize);
int gravitas_load_cublas(GravitasCUBLAS *cublas, char *error, size_t errorSize);

#endif
