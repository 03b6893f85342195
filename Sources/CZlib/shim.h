// zlib (Debian: zlib1g-dev), for reading gzip-compressed covariance files.
#include <zlib.h>
