/*
 * Growable per-thread buffers of the redaction engine. Invariant: a failed allocation is
 * reported (false, or `failed` set), never ignored; the engine then declines the input.
 */
#ifndef CLAUSTER_BUFFERS_H
#define CLAUSTER_BUFFERS_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  void *data;
  size_t cap; /* in elements */
} buffer;

/* A list of offsets kept in a buffer. */
typedef struct {
  size_t *data;
  size_t len;
  buffer *buf;
  bool failed;
} list;

/* At least `count` elements of `size` bytes in `buf`; false when memory runs out. */
bool reserve(buffer *buf, size_t count, size_t size);
/* Frees a buffer (a thread's buffers when its Node environment ends). */
void release(buffer *buf);
/* Frees a buffer past 4 MiB, so one huge line does not stay resident. */
void trim(buffer *buf, size_t size);
/* Appends to a list whose buffer is full (buffers.c). */
void push_slow(list *l, size_t value);

static inline void push(list *l, size_t value) {
  if (l->data != NULL && l->len < l->buf->cap) l->data[l->len++] = value;
  else push_slow(l, value);
}

#ifdef __cplusplus
}
#endif

#endif
