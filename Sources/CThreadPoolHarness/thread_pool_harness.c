// The CPU backend's thread pool, compiled a second time for its stress test (Tests/TensorCoreTests/
// ThreadPoolStressTests.swift). Every GRAVITAS_POOL_INTERLEAVE point in thread_pool.c becomes a
// sleep of about 50 µs (1 µs asked, rounded up by the kernel's timer slack), so that a thread
// loses its core there on every pass: an interleaving that a loaded machine makes once in
// millions of batches (a worker still holding a finished batch's ticket while the next batch is
// set up) comes up in a few hundred. The copy's names are renamed and its state is its own, so a
// batch the test breaks cannot touch the pool the rest of the process uses.
#include "CThreadPoolHarness.h"
#include <time.h>

static inline void lose_the_core(void) {
  struct timespec pause = {0, 1000};
  nanosleep(&pause, NULL);
}

#define GRAVITAS_POOL_INTERLEAVE() lose_the_core()
#define gravitas_parallel_for gravitas_harness_parallel_for
#include "../CKernels/thread_pool.c"
