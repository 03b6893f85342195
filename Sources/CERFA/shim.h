// ERFA, the BSD-licensed release of the IAU's SOFA routines (Debian: liberfa-dev): calendar
// dates to two-part Julian dates and the UTC → TAI → TT → TDB chain, leap seconds included.
#include <erfa.h>
