/*
 * The stripping stage of the redaction engine (control-strip.ts STRIP_SOURCE).
 * Invariant: the output holds no unit stripText() would remove and exactly the units it
 * keeps, and `cuts` are exactly readCuts(): each place where something was removed, once.
 */
#ifndef CLAUSTER_STRIP_H
#define CLAUSTER_STRIP_H

#include "buffers.h"
#include "units.h"

/* Strips s[0, n) into `out` (room for n units); s[0, first) holds nothing to strip. Returns
 * the stripped length. */
size_t strip(const unit *s, size_t n, size_t first, unit *out, list *cuts);

#endif
