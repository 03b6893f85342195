// Opens the CUDA libraries with dlopen and binds the functions ccuda.h declares with dlsym.
// Nothing here needs CUDA headers or a GPU; a missing library is an error message, not a crash.
#define _GNU_SOURCE
#include "ccuda.h"
#include <dlfcn.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// Tries each name plainly (system paths, LD_LIBRARY_PATH, rpath), then inside each directory.
static void *open_first(const char *const *names, char *path, size_t pathSize) {
  for (const char *const *n = names; *n; n++) {
    void *h = dlopen(*n, RTLD_NOW | RTLD_GLOBAL);
    if (h) { snprintf(path, pathSize, "%s", *n); return h; }
  }
  return NULL;
}

static void *open_in(const char *directory, const char *const *names, char *path, size_t pathSize) {
  char full[1024];
  for (const char *const *n = names; *n; n++) {
    snprintf(full, sizeof full, "%s/%s", directory, *n);
    void *h = dlopen(full, RTLD_NOW | RTLD_GLOBAL);
    if (h) { snprintf(path, pathSize, "%s", full); return h; }
  }
  return NULL;
}

// CUDA_HOME, each LD_LIBRARY_PATH entry (read now, not at process start), /usr/local/cuda, and
// the pip wheels' layout (site-packages/nvidia/<package>/lib) in a venv, ~/.local and system Python.
static void *search(const char *const *names, const char *wheelDirectory, char *path, size_t pathSize) {
  void *h = open_first(names, path, pathSize);
  if (h) return h;
  char directory[1024];
  const char *cudaHome = getenv("CUDA_HOME");
  if (cudaHome) {
    snprintf(directory, sizeof directory, "%s/lib64", cudaHome);
    if ((h = open_in(directory, names, path, pathSize))) return h;
    snprintf(directory, sizeof directory, "%s/lib", cudaHome);
    if ((h = open_in(directory, names, path, pathSize))) return h;
  }
  const char *ldPath = getenv("LD_LIBRARY_PATH");
  if (ldPath) {
    char copy[4096];
    snprintf(copy, sizeof copy, "%s", ldPath);
    for (char *save = NULL, *d = strtok_r(copy, ":", &save); d; d = strtok_r(NULL, ":", &save)) {
      if ((h = open_in(d, names, path, pathSize))) return h;
    }
  }
  if ((h = open_in("/usr/local/cuda/lib64", names, path, pathSize))) return h;
  if (!wheelDirectory) return NULL;
  const char *roots[] = {getenv("VIRTUAL_ENV"), getenv("HOME"), "/usr/local", "/usr", NULL};
  const char *layouts[] = {"%s/lib/python3*/site-packages/nvidia/%s/lib", "%s/.local/lib/python3*/site-packages/nvidia/%s/lib",
                           "%s/lib/python3*/dist-packages/nvidia/%s/lib", NULL};
  for (int r = 0; r < 4; r++) {
    if (!roots[r]) continue;
    for (const char **layout = layouts; *layout; layout++) {
      char pattern[1024];
      snprintf(pattern, sizeof pattern, *layout, roots[r], wheelDirectory);
      glob_t found;
      if (glob(pattern, 0, NULL, &found) == 0) {
        for (size_t i = 0; i < found.gl_pathc && !h; i++) h = open_in(found.gl_pathv[i], names, path, pathSize);
      }
      globfree(&found);
      if (h) return h;
    }
  }
  return NULL;
}

// Binds `symbol` into `slot`; on failure names the symbol.
static int bind(void *library, void **slot, const char *symbol, char *error, size_t errorSize, const char *path) {
  *slot = dlsym(library, symbol);
  if (*slot) return 0;
  snprintf(error, errorSize, "%s has no symbol %s (library too old?)", path, symbol);
  return 1;
}

#define BIND(lib, table, field, symbol) \
  if (bind(lib, (void **)&(table)->field, symbol, error, errorSize, (table)->path)) return 1

int gravitas_load_cuda_driver(GravitasCUDADriver *d, char *error, size_t errorSize) {
  memset(d, 0, sizeof *d);
  const char *names[] = {"libcuda.so.1", "libcuda.so", NULL};
  void *lib = search(names, NULL, d->path, sizeof d->path);
  if (!lib) { snprintf(error, errorSize, "no CUDA driver (libcuda.so.1 not found)"); return 1; }
  BIND(lib, d, cuInit, "cuInit");
  BIND(lib, d, cuGetErrorName, "cuGetErrorName");
  BIND(lib, d, cuGetErrorString, "cuGetErrorString");
  BIND(lib, d, cuDeviceGetCount, "cuDeviceGetCount");
  BIND(lib, d, cuDeviceGet, "cuDeviceGet");
  BIND(lib, d, cuDeviceGetName, "cuDeviceGetName");
  BIND(lib, d, cuDeviceGetAttribute, "cuDeviceGetAttribute");
  BIND(lib, d, cuDevicePrimaryCtxRetain, "cuDevicePrimaryCtxRetain");
  BIND(lib, d, cuCtxSetCurrent, "cuCtxSetCurrent");
  BIND(lib, d, cuStreamCreate, "cuStreamCreate");
  BIND(lib, d, cuStreamSynchronize, "cuStreamSynchronize");
  BIND(lib, d, cuMemAlloc, "cuMemAlloc_v2");
  BIND(lib, d, cuMemFree, "cuMemFree_v2");
  BIND(lib, d, cuMemcpyHtoDAsync, "cuMemcpyHtoDAsync_v2");
  BIND(lib, d, cuMemcpyDtoHAsync, "cuMemcpyDtoHAsync_v2");
  BIND(lib, d, cuMemcpyDtoDAsync, "cuMemcpyDtoDAsync_v2");
  BIND(lib, d, cuModuleLoadData, "cuModuleLoadData");
  BIND(lib, d, cuModuleGetFunction, "cuModuleGetFunction");
  BIND(lib, d, cuLaunchKernel, "cuLaunchKernel");
  return 0;
}

int gravitas_load_nvrtc(GravitasNVRTC *n, char *error, size_t errorSize) {
  memset(n, 0, sizeof *n);
  const char *names[] = {"libnvrtc.so", "libnvrtc.so.13", "libnvrtc.so.12", "libnvrtc.so.11.2", NULL};
  void *lib = search(names, "cuda_nvrtc", n->path, sizeof n->path);
  if (!lib) lib = search(names, "cu13", n->path, sizeof n->path);  // CUDA 13 wheels: nvidia/cu13/lib
  if (!lib) { snprintf(error, errorSize, "no NVRTC (libnvrtc.so* not found; pip install nvidia-cuda-nvrtc-cu12 or set CUDA_HOME)"); return 1; }
  BIND(lib, n, nvrtcGetErrorString, "nvrtcGetErrorString");
  BIND(lib, n, nvrtcVersion, "nvrtcVersion");
  BIND(lib, n, nvrtcCreateProgram, "nvrtcCreateProgram");
  BIND(lib, n, nvrtcCompileProgram, "nvrtcCompileProgram");
  BIND(lib, n, nvrtcGetProgramLogSize, "nvrtcGetProgramLogSize");
  BIND(lib, n, nvrtcGetProgramLog, "nvrtcGetProgramLog");
  BIND(lib, n, nvrtcGetPTXSize, "nvrtcGetPTXSize");
  BIND(lib, n, nvrtcGetPTX, "nvrtcGetPTX");
  BIND(lib, n, nvrtcGetCUBINSize, "nvrtcGetCUBINSize");
  BIND(lib, n, nvrtcGetCUBIN, "nvrtcGetCUBIN");
  BIND(lib, n, nvrtcDestroyProgram, "nvrtcDestroyProgram");
  return 0;
}

int gravitas_load_cublas(GravitasCUBLAS *c, char *error, size_t errorSize) {
  memset(c, 0, sizeof *c);
  const char *names[] = {"libcublas.so", "libcublas.so.13", "libcublas.so.12", "libcublas.so.11", NULL};
  void *lib = search(names, "cublas", c->path, sizeof c->path);
  if (!lib) lib = search(names, "cu13", c->path, sizeof c->path);
  if (!lib) { snprintf(error, errorSize, "no cuBLAS (libcublas.so* not found; set CUDA_HOME or LD_LIBRARY_PATH)"); return 1; }
  BIND(lib, c, cublasCreate, "cublasCreate_v2");
  BIND(lib, c, cublasSetStream, "cublasSetStream_v2");
  BIND(lib, c, cublasSgemmStridedBatched, "cublasSgemmStridedBatched");
  BIND(lib, c, cublasDgemmStridedBatched, "cublasDgemmStridedBatched");
  BIND(lib, c, cublasStrsm, "cublasStrsm_v2");
  BIND(lib, c, cublasDtrsm, "cublasDtrsm_v2");
  BIND(lib, c, cublasStrmm, "cublasStrmm_v2");
  BIND(lib, c, cublasDtrmm, "cublasDtrmm_v2");
  return 0;
}
