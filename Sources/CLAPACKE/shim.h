// LAPACK's C interface (Debian: liblapacke-dev).
#include <lapacke.h>
