#ifndef GRAVITAS_CMPI_H
#define GRAVITAS_CMPI_H

// The few MPI calls data-parallel `gnn train` makes, bound at run time from Open MPI's
// libmpi.so.40 (loader.c): Gravitas builds, and every command runs, on a machine without MPI.
// Swift could not use mpi.h's handles anyway: MPI_COMM_WORLD and MPI_DOUBLE are macros taking
// the address of a library global (&ompi_mpi_comm_world), which loader.c looks up with dlsym.
// Every function returns MPI's error code (0 = MPI_SUCCESS), or -1 when MPI is not loaded.

#include <stddef.h>

/// Opens libmpi and binds its functions; 0 on success, else -1 with the reason in `error`.
int gravitas_mpi_load(char *error, size_t error_size);
/// MPI_Init (no arguments: Open MPI reads its launcher's environment).
int gravitas_mpi_init(void);
int gravitas_mpi_rank(int *rank);
int gravitas_mpi_size(int *size);
/// MPI_Gather of `count` doubles from every rank into `receive` (size × count) on `root`.
int gravitas_mpi_gather_doubles(const double *send, int count, double *receive, int root);
/// MPI_Bcast of `count` doubles from `root`.
int gravitas_mpi_broadcast_doubles(double *buffer, int count, int root);
int gravitas_mpi_finalize(void);
/// MPI_Abort on MPI_COMM_WORLD: every rank ends (a rank that fails must not leave others waiting).
int gravitas_mpi_abort(int code);

#endif
