// Training allocates and frees the same few multi-megabyte activations every step. glibc serves
// blocks that large by mmap and unmaps them at free, so every step page-faulted them in afresh
// (6 % of a GNN epoch was the kernel zeroing pages). Raising the mmap and trim thresholds keeps
// freed blocks on the heap for reuse: a caching allocator in two calls.
#include "CKernels.h"
#if defined(__linux__)
#include <malloc.h>
#endif

void gravitas_keep_freed_memory(void) {
#if defined(__linux__)
  mallopt(M_MMAP_THRESHOLD, 32 << 20);  // glibc's largest allowed value on 64-bit
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
#endif
}
