// Training allocates and frees the same few multi-megabyte activations every step. glibc serves
// blocks that large by mmap and unmaps them at free, so every step page-faulted them in afresh
// (6 % of a GNN epoch was the kernel zeroing pages). Raising the mmap and trim thresholds keeps
// freed blocks on the heap for reuse: a caching allocator in three calls.
#include "CKernels.h"
#if defined(__linux__)
#include <malloc.h>
#endif

void gravitas_keep_freed_memory(void) {
#if defined(__linux__)
  mallopt(M_MMAP_THRESHOLD, 32 << 20);  // glibc's largest allowed value on 64-bit
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  // One arena: once kernels run on worker threads, glibc moves a thread that finds the main
  // arena locked onto a secondary one, whose freed tops are handed back to the kernel at once
  // (MADV_DONTNEED), and the page faults return.
  mallopt(M_ARENA_MAX, 1);
#endif
}
