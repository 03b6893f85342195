// How many CPUs this process may run on: its affinity mask, which Slurm (--cpus-per-task) and
// mpirun --bind-to set, and taskset. Not the machine's core count: two ranks bound to one core
// each must not start a thread per core of the node.
#define _GNU_SOURCE
#include "CKernels.h"

#if defined(__linux__)
#include <sched.h>

int gravitas_affinity_cpu_count(void) {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) != 0) return 0;
  return CPU_COUNT(&set);
}
#else
int gravitas_affinity_cpu_count(void) { return 0; }
#endif
