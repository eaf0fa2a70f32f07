/* Growable buffers (buffers.h). */
#include "buffers.h"

#include <stdint.h>
#include <stdlib.h>

bool reserve(buffer *buf, size_t count, size_t size) {
  if (buf->cap >= count) return true;
  if (count > SIZE_MAX / 2 / size) return false; /* never from V8 (strings < 2^30 units) */
  size_t cap = buf->cap < 256 ? 256 : buf->cap;
  while (cap < count) cap *= 2;
  void *grown = realloc(buf->data, cap * size);
  if (grown == NULL) return false;
  buf->data = grown;
  buf->cap = cap;
  return true;
}

void release(buffer *buf) {
  free(buf->data);
  buf->data = NULL;
  buf->cap = 0;
}

void trim(buffer *buf, size_t size) {
  if (buf->cap * size > ((size_t)4 << 20)) {
    free(buf->data);
    buf->data = NULL;
    buf->cap = 0;
  }
}

void push_slow(list *l, size_t value) {
  if (!reserve(l->buf, l->len + 1, sizeof(size_t))) {
    l->failed = true;
    return;
  }
  l->data = l->buf->data;
  l->data[l->len++] = value;
}
