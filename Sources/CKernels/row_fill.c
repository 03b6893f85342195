// One row (a layer's bias) written into each row of C before a β = 1 product adds A·B to it.
//
// Written as memmove per row (512 bytes for a 128-wide Float32 layer), the fill cost as much as
// a fifth of the product it precedes: 23,040 calls, each paying its size dispatch. Here the row
// goes out in 64-byte moves the compiler keeps inline (a constant-size __builtin_memcpy), as one
// vector store each on AVX-512. A plain copy loop would be turned back into memcpy calls.
#include "CKernels.h"
#include <string.h>

__attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
void gravitas_fill_rows(void *restrict c, const void *restrict row, size_t rows, size_t row_bytes) {
  for (size_t r = 0; r < rows; r++) {
    char *restrict out = (char *)c + r * row_bytes;
    const char *restrict in = row;
    size_t q = 0;
    for (; q + 64 <= row_bytes; q += 64) __builtin_memcpy(out + q, in + q, 64);
    if (q < row_bytes) memcpy(out + q, in + q, row_bytes - q);
  }
}
