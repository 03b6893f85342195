// What the CPU can do, read with cpuid: the vector extensions that decide which BLAS kernels
// can run here, and the vendor and model that OpenBLAS matches against its own tables.
#include "CKernels.h"

#include <string.h>
#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>

// XCR0: which register states the OS saves. A CPU may have AVX-512 that the kernel has not
// enabled (then using it faults), so a feature counts only when the OS saves its registers.
static unsigned long long read_xcr0(void) {
  unsigned int eax, edx;
  __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
  return ((unsigned long long)edx << 32) | eax;
}

void gravitas_cpu_features(struct gravitas_cpu_features *out) {
  memset(out, 0, sizeof *out);
  unsigned int eax, ebx, ecx, edx;
  if (!__get_cpuid(0, &eax, &ebx, &ecx, &edx)) return;
  unsigned int max_leaf = eax;
  memcpy(out->vendor + 0, &ebx, 4);
  memcpy(out->vendor + 4, &edx, 4);
  memcpy(out->vendor + 8, &ecx, 4);
  out->vendor[12] = 0;

  __get_cpuid(1, &eax, &ebx, &ecx, &edx);
  unsigned int base_family = (eax >> 8) & 0xf, base_model = (eax >> 4) & 0xf;
  out->family = (int)(base_family == 0xf ? base_family + ((eax >> 20) & 0xff) : base_family);
  out->model = (int)(base_family == 0x6 || base_family == 0xf ? base_model | (((eax >> 16) & 0xf) << 4) : base_model);
  out->sse3 = (ecx >> 0) & 1;
  int osxsave = (ecx >> 27) & 1;
  int avx_bit = (ecx >> 28) & 1, fma_bit = (ecx >> 12) & 1;
  unsigned long long xcr0 = osxsave ? read_xcr0() : 0;
  int ymm_saved = (xcr0 & 0x6) == 0x6;
  int zmm_saved = (xcr0 & 0xe6) == 0xe6;
  out->avx = avx_bit && ymm_saved;
  out->fma = fma_bit && ymm_saved;

  if (max_leaf >= 7) {
    __cpuid_count(7, 0, eax, ebx, ecx, edx);
    out->avx2 = ((ebx >> 5) & 1) && ymm_saved;
    out->avx512f = ((ebx >> 16) & 1) && zmm_saved;
    out->avx512dq = ((ebx >> 17) & 1) && zmm_saved;
    out->avx512bw = ((ebx >> 30) & 1) && zmm_saved;
    out->avx512vl = ((ebx >> 31) & 1) && zmm_saved;
  }

  // The marketing name (leaves 0x80000002–4), for reports.
  if (__get_cpuid(0x80000000, &eax, &ebx, &ecx, &edx) && eax >= 0x80000004) {
    unsigned int *name = (unsigned int *)out->name;
    for (unsigned int leaf = 0; leaf < 3; leaf++) {
      __get_cpuid(0x80000002 + leaf, &name[leaf * 4 + 0], &name[leaf * 4 + 1], &name[leaf * 4 + 2], &name[leaf * 4 + 3]);
    }
    out->name[48] = 0;
  }
}
#else
void gravitas_cpu_features(struct gravitas_cpu_features *out) { memset(out, 0, sizeof *out); }
#endif
