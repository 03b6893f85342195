// The CPU backend's worker threads: started once, kept for the life of the process.
//
// libdispatch retires idle workers and starts new ones, and OpenBLAS gives every new thread
// that calls it its own buffer (tens of MB) that is never returned: a GNN epoch on
// concurrentPerform grew to 8.7 GB resident. Threads that live as long as the process keep
// OpenBLAS at one buffer each.
//
// One batch of jobs runs at a time. A caller that finds the pool busy (another thread's batch,
// or a job that itself asks for parallel work) runs its jobs inline, so nothing deadlocks.
// Workers spin briefly before sleeping, since a training step issues its batches back to back.
#include "CKernels.h"
#include <pthread.h>
#include <stdatomic.h>

enum { max_workers = 63, spin_rounds = 20000 };

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

// The current batch; written by the caller before the generation is bumped.
static gravitas_job_function batch_function;
static void *batch_context;
static size_t batch_jobs;
static atomic_size_t next_job;
static atomic_size_t generation;
static atomic_size_t workers_running;

static void run_jobs(void) {
  for (;;) {
    size_t job = atomic_fetch_add_explicit(&next_job, 1, memory_order_relaxed);
    if (job >= batch_jobs) return;
    batch_function(batch_context, job);
  }
}

static void *worker(void *unused) {
  (void)unused;
  size_t seen = 0;
  for (;;) {
    size_t current = atomic_load_explicit(&generation, memory_order_acquire);
    for (int round = 0; current == seen && round < spin_rounds; round++) {
      cpu_relax();
      current = atomic_load_explicit(&generation, memory_order_acquire);
    }
    if (current == seen) {
      pthread_mutex_lock(&lock);
      while ((current = atomic_load_explicit(&generation, memory_order_acquire)) == seen) pthread_cond_wait(&wake, &lock);
      pthread_mutex_unlock(&lock);
    }
    seen = current;
    run_jobs();
    if (atomic_fetch_sub_explicit(&workers_running, 1, memory_order_acq_rel) == 1) {
      pthread_mutex_lock(&lock);
      pthread_cond_signal(&done);
      pthread_mutex_unlock(&lock);
    }
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
  if (jobs <= 1 || worker_count == 0 || pthread_mutex_trylock(&pool_busy) != 0) {
    for (size_t job = 0; job < jobs; job++) function(context, job);
    return;
  }
  batch_function = function;
  batch_context = context;
  batch_jobs = jobs;
  atomic_store_explicit(&next_job, 0, memory_order_relaxed);
  atomic_store_explicit(&workers_running, worker_count, memory_order_relaxed);
  pthread_mutex_lock(&lock);
  atomic_fetch_add_explicit(&generation, 1, memory_order_release);
  pthread_cond_broadcast(&wake);
  pthread_mutex_unlock(&lock);
  run_jobs();
  // Every worker passes through run_jobs once per generation, so none still reads this batch.
  for (int round = 0; atomic_load_explicit(&workers_running, memory_order_acquire) != 0 && round < spin_rounds; round++)
    cpu_relax();
  pthread_mutex_lock(&lock);
  while (atomic_load_explicit(&workers_running, memory_order_acquire) != 0) pthread_cond_wait(&done, &lock);
  pthread_mutex_unlock(&lock);
  pthread_mutex_unlock(&pool_busy);
}
