// The CPU backend's worker threads: started once, kept for the life of the process.
//
// libdispatch retires idle workers and starts new ones, and OpenBLAS gives every new thread
// that calls it its own buffer (tens of MB) that is never returned: a GNN epoch on
// concurrentPerform grew to 8.7 GB resident. Threads that live as long as the process keep
// OpenBLAS at one buffer each.
//
// One batch of jobs runs at a time. A caller that finds the pool busy (another thread's batch,
// or a job that itself asks for parallel work) runs its jobs inline, so nothing deadlocks.
// Workers spin briefly (about 2,000 pauses) before sleeping, since a training step issues its
// batches back to back; longer spins took the cores from another process sharing them.
#include "CKernels.h"
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

enum { max_workers = 63, spin_rounds = 2000 };
static const uint64_t closed = 0xffffffffu;

// A point where a thread losing its core would let another thread's steps interleave with its
// own. Nothing in the library; the test harness (Sources/CThreadPoolHarness) compiles this file
// again with a short sleep here, so that its stress test meets the interleavings a loaded
// machine makes rarely.
#ifndef GRAVITAS_POOL_INTERLEAVE
#define GRAVITAS_POOL_INTERLEAVE()
#endif

static inline void cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  __asm__ volatile("yield");
#endif
}

static pthread_mutex_t pool_busy = PTHREAD_MUTEX_INITIALIZER;  // held by the caller of a batch
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER, done = PTHREAD_COND_INITIALIZER;
static pthread_once_t started = PTHREAD_ONCE_INIT;
static size_t worker_count;
static atomic_size_t requested_workers;

// The current batch, published by the caller before the ticket names its generation. A job is
// claimed by advancing `ticket` = generation << 32 | next job, so a worker that wakes late, after
// its batch has been finished by others and another has begun, claims nothing from the old one.
// The caller waits for the batch's jobs to be done, not for every worker to check in: under
// oversubscription (two processes on the same cores) a descheduled worker would otherwise hold
// up every batch until the scheduler ran it, and two `bench cosmo-peer` side by side took 4.5×
// the time of the two run one after the other. A finished batch's ticket is closed (next job =
// `closed`) before the next batch's fields are written, so that a worker still holding the old
// generation cannot claim a job past its end against the next batch's job count.
static _Atomic(gravitas_job_function) batch_function;
static _Atomic(void *) batch_context;
static atomic_size_t batch_jobs;
static _Atomic(uint64_t) ticket;
static atomic_size_t jobs_done;

static inline uint64_t generation_of(uint64_t t) { return t >> 32; }

// Claims and runs jobs of generation `generation` until none is left; returns how many it ran.
static size_t run_jobs(uint64_t generation) {
  size_t ran = 0;
  for (;;) {
    uint64_t t = atomic_load_explicit(&ticket, memory_order_acquire);
    GRAVITAS_POOL_INTERLEAVE();
    gravitas_job_function function = atomic_load_explicit(&batch_function, memory_order_acquire);
    void *context = atomic_load_explicit(&batch_context, memory_order_acquire);
    size_t jobs = atomic_load_explicit(&batch_jobs, memory_order_acquire);
    uint64_t job = t & 0xffffffffu;
    if (generation_of(t) != generation || job >= jobs) return ran;
    GRAVITAS_POOL_INTERLEAVE();
    if (!atomic_compare_exchange_weak_explicit(&ticket, &t, t + 1, memory_order_acq_rel, memory_order_acquire)) continue;
    // The claim succeeded while the ticket still named this generation, open, so the batch, and
    // the fields read above (written before the ticket was closed, hence before any newer ones),
    // cannot change until this job is counted done.
    function(context, (size_t)job);
    ran++;
  }
}

static void count_done(size_t ran, size_t jobs) {
  if (ran == 0) return;
  if (atomic_fetch_add_explicit(&jobs_done, ran, memory_order_acq_rel) + ran == jobs) {
    pthread_mutex_lock(&lock);
    pthread_cond_signal(&done);
    pthread_mutex_unlock(&lock);
  }
}

static void *worker(void *unused) {
  (void)unused;
  uint64_t seen = 0;
  for (;;) {
    uint64_t current = generation_of(atomic_load_explicit(&ticket, memory_order_acquire));
    for (int round = 0; current == seen && round < spin_rounds; round++) {
      cpu_relax();
      current = generation_of(atomic_load_explicit(&ticket, memory_order_acquire));
    }
    if (current == seen) {
      pthread_mutex_lock(&lock);
      while ((current = generation_of(atomic_load_explicit(&ticket, memory_order_acquire))) == seen)
        pthread_cond_wait(&wake, &lock);
      pthread_mutex_unlock(&lock);
    }
    seen = current;
    size_t jobs = atomic_load_explicit(&batch_jobs, memory_order_acquire);
    count_done(run_jobs(current), jobs);
  }
  return NULL;
}

static void start_workers(void) {
  size_t requested = atomic_load(&requested_workers);
  size_t wanted = requested < max_workers ? requested : max_workers;
  for (size_t i = 0; i < wanted; i++) {
    pthread_t thread;
    if (pthread_create(&thread, NULL, worker, NULL) != 0) break;  // fewer workers, still correct
    pthread_detach(thread);
    worker_count++;
  }
}

void gravitas_parallel_for(size_t jobs, size_t threads, void *context, gravitas_job_function function) {
  if (jobs > 1 && threads > 1) {
    size_t none = 0;
    atomic_compare_exchange_strong(&requested_workers, &none, threads - 1);  // the first caller's count
    pthread_once(&started, start_workers);
  }
  if (jobs <= 1 || jobs >= closed || worker_count == 0 || pthread_mutex_trylock(&pool_busy) != 0) {
    for (size_t job = 0; job < jobs; job++) function(context, job);
    return;
  }
  atomic_store_explicit(&batch_function, function, memory_order_release);
  atomic_store_explicit(&batch_context, context, memory_order_release);
  atomic_store_explicit(&batch_jobs, jobs, memory_order_release);
  atomic_store_explicit(&jobs_done, 0, memory_order_relaxed);
  uint64_t generation = generation_of(atomic_load_explicit(&ticket, memory_order_relaxed)) + 1;
  GRAVITAS_POOL_INTERLEAVE();
  pthread_mutex_lock(&lock);
  atomic_store_explicit(&ticket, generation << 32, memory_order_release);  // publishes the fields above
  pthread_cond_broadcast(&wake);
  pthread_mutex_unlock(&lock);
  count_done(run_jobs(generation), jobs);
  for (int round = 0; atomic_load_explicit(&jobs_done, memory_order_acquire) != jobs && round < spin_rounds; round++)
    cpu_relax();
  pthread_mutex_lock(&lock);
  while (atomic_load_explicit(&jobs_done, memory_order_acquire) != jobs) pthread_cond_wait(&done, &lock);
  pthread_mutex_unlock(&lock);
  atomic_store_explicit(&ticket, generation << 32 | closed, memory_order_seq_cst);
  pthread_mutex_unlock(&pool_busy);
}
