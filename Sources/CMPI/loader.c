// Opens Open MPI's libmpi with dlopen and binds what cmpi.h declares with dlsym. In Open MPI
// the handles are addresses of library globals (MPI_COMM_WORLD is &ompi_mpi_comm_world), so
// they are looked up here too; MPICH's integer handles are another ABI and are not supported.
#define _GNU_SOURCE
#include "cmpi.h"
#include <dlfcn.h>
#include <stdio.h>

typedef void *mpi_handle;  // Open MPI's MPI_Comm and MPI_Datatype are pointers.

static int (*p_init)(int *, char ***);
static int (*p_comm_rank)(mpi_handle, int *);
static int (*p_comm_size)(mpi_handle, int *);
static int (*p_gather)(const void *, int, mpi_handle, void *, int, mpi_handle, int, mpi_handle);
static int (*p_bcast)(void *, int, mpi_handle, int, mpi_handle);
static int (*p_finalize)(void);
static int (*p_abort)(mpi_handle, int);
static mpi_handle comm_world, mpi_double;

int gravitas_mpi_load(char *error, size_t error_size) {
  if (p_init) return 0;
  // RTLD_GLOBAL: Open MPI's own plugins (mca_*.so) resolve libmpi's symbols from the global scope.
  const char *names[] = {"libmpi.so.40", "libmpi.so", NULL};
  void *library = NULL;
  for (const char **n = names; *n && !library; n++) library = dlopen(*n, RTLD_NOW | RTLD_GLOBAL);
  if (!library) {
    snprintf(error, error_size, "cannot open Open MPI's libmpi.so.40 (%s): install openmpi-bin and libopenmpi-dev", dlerror());
    return -1;
  }
  struct { const char *name; void **slot; } symbols[] = {
      {"MPI_Init", (void **)&p_init},         {"MPI_Comm_rank", (void **)&p_comm_rank},
      {"MPI_Comm_size", (void **)&p_comm_size}, {"MPI_Gather", (void **)&p_gather},
      {"MPI_Bcast", (void **)&p_bcast},       {"MPI_Finalize", (void **)&p_finalize},
      {"MPI_Abort", (void **)&p_abort},       {"ompi_mpi_comm_world", &comm_world},
      {"ompi_mpi_double", &mpi_double},
  };
  for (size_t i = 0; i < sizeof symbols / sizeof symbols[0]; i++) {
    *symbols[i].slot = dlsym(library, symbols[i].name);
    if (!*symbols[i].slot) {
      snprintf(error, error_size, "libmpi has no %s: not Open MPI (MPICH and others are not supported for data-parallel training)",
               symbols[i].name);
      p_init = NULL;
      return -1;
    }
  }
  return 0;
}

int gravitas_mpi_init(void) { return p_init ? p_init(NULL, NULL) : -1; }
int gravitas_mpi_rank(int *rank) { return p_comm_rank ? p_comm_rank(comm_world, rank) : -1; }
int gravitas_mpi_size(int *size) { return p_comm_size ? p_comm_size(comm_world, size) : -1; }

int gravitas_mpi_gather_doubles(const double *send, int count, double *receive, int root) {
  return p_gather ? p_gather(send, count, mpi_double, receive, count, mpi_double, root, comm_world) : -1;
}

int gravitas_mpi_broadcast_doubles(double *buffer, int count, int root) {
  return p_bcast ? p_bcast(buffer, count, mpi_double, root, comm_world) : -1;
}

int gravitas_mpi_finalize(void) { return p_finalize ? p_finalize() : -1; }
int gravitas_mpi_abort(int code) { return p_abort ? p_abort(comm_world, code) : -1; }
