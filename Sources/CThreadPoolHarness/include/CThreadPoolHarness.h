#ifndef GRAVITAS_THREAD_POOL_HARNESS_H
#define GRAVITAS_THREAD_POOL_HARNESS_H

#include <stddef.h>

/// gravitas_parallel_for of a second copy of the CPU backend's thread pool (thread_pool.c compiled
/// again, with its own threads and state), whose threads sleep briefly at each of the pool's
/// interleaving points (GRAVITAS_POOL_INTERLEAVE): for tests only, where a race between its
/// steps must come up in a few thousand batches rather than once in a CI month.
void gravitas_harness_parallel_for(size_t jobs, size_t threads, void *context,
                                   void (*function)(void *context, size_t job));

#endif
