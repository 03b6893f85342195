#ifndef GRAVITAS_CKERNELS_H
#define GRAVITAS_CKERNELS_H
#include <stddef.h>

/// tanh of `count` doubles to ~2 ulp, written so the compiler vectorises it (see vector_tanh.c).
void gravitas_vector_tanh(const double *source, double *destination, size_t count);

#endif
