/*
 * Native redaction engine (N-API, C11): exports.redact(input) is the JS redactText() of
 * src/security/redact.ts, written as hand-made matchers over UTF-16 code units so that a
 * line costs about what strip-ansi costs (docs/performance.md).
 * Invariant: the result is exactly the plain reference's (test/support/redact-reference.ts):
 * strip control sequences and invisible characters (strip.c), mask every rule of
 * mask-rules.ts on the stripped view with the removal points as word starts (scan.c,
 * rules*.c), replace the spans with `<redacted>` — or undefined when memory runs out (the
 * caller then uses the JS engine). A non-string argument throws a TypeError.
 * test/security/redact-native*.test.ts compare it with the reference; the loader
 * (src/system/native-redactor.ts) refuses a module that fails its known-answer check.
 */
#include <node_api.h>
#include <stdlib.h>
#include <string.h>

#include "buffers.h"
#include "scan.h"
#include "strip.h"

#define REDACTED u"<redacted>"
#define REDACTED_LENGTH 10

static _Thread_local buffer input_buf, strip_buf, out_buf, cut_buf, span_buf;

static int by_start(const void *a, const void *b) {
  const size_t *x = a;
  const size_t *y = b;
  return (x[0] > y[0]) - (x[0] < y[0]);
}

/* Spans in scan order that overlap are sorted and merged (touching ones too), as the
 * reference does; disjoint ones in order are replaced one by one. Returns the span count. */
static size_t order_spans(size_t *spans, size_t count) {
  bool in_order = true;
  for (size_t i = 1; i < count && in_order; i++) {
    if (spans[2 * i] < spans[2 * i - 1]) in_order = false;
  }
  if (in_order) return count;
  qsort(spans, count, 2 * sizeof(size_t), by_start);
  size_t merged = 0;
  for (size_t i = 0; i < count; i++) {
    size_t start = spans[2 * i];
    size_t end = spans[2 * i + 1];
    if (merged > 0 && start <= spans[2 * merged - 1]) {
      if (end > spans[2 * merged - 1]) spans[2 * merged - 1] = end;
    } else {
      spans[2 * merged] = start;
      spans[2 * merged + 1] = end;
      merged++;
    }
  }
  return merged;
}

/* `x` with each span replaced by REDACTED, into out_buf; returns the length or SIZE_MAX. */
static size_t apply_spans(text x, size_t *spans, size_t count) {
  count = order_spans(spans, count);
  if (!reserve(&out_buf, x.n + count * REDACTED_LENGTH + 1, sizeof(unit))) return SIZE_MAX;
  unit *out = out_buf.data;
  static const unit marker[] = REDACTED;
  size_t o = 0;
  size_t pos = 0;
  for (size_t i = 0; i < count; i++) {
    size_t start = spans[2 * i];
    memcpy(out + o, x.t + pos, (start - pos) * sizeof(unit));
    o += start - pos;
    memcpy(out + o, marker, REDACTED_LENGTH * sizeof(unit));
    o += REDACTED_LENGTH;
    pos = spans[2 * i + 1];
  }
  memcpy(out + o, x.t + pos, (x.n - pos) * sizeof(unit));
  return o + x.n - pos;
}

static napi_value undefined_value(napi_env env) {
  napi_value value;
  napi_get_undefined(env, &value);
  return value;
}

/* The redaction of `s[0, n)`: `*changed` false when it equals the input; NULL on no memory. */
static const unit *redact_units(const unit *s, size_t n, size_t *length, bool *changed) {
  text x = {s, n};
  list cuts = {NULL, 0, &cut_buf, false};
  list spans = {NULL, 0, &span_buf, false};
  /* One pass finds the masks of a line with nothing to strip, or where stripping starts. */
  size_t first = scan_spans(x, NULL, 0, &spans, true);
  if (first < n) {
    if (!reserve(&strip_buf, n + SCAN_PADDING, sizeof(unit))) return NULL;
    x.n = strip(s, n, first, strip_buf.data, &cuts);
    pad_text(strip_buf.data, x.n);
    x.t = strip_buf.data;
    spans.len = 0;
    scan_spans(x, cuts.data, cuts.len, &spans, false);
  }
  if (cuts.failed || spans.failed) return NULL;
  *changed = cuts.len > 0 || spans.len > 0;
  if (spans.len == 0) {
    *length = x.n;
    return x.t;
  }
  size_t out = apply_spans(x, spans.data, spans.len / 2);
  if (out == SIZE_MAX) return NULL;
  *length = out;
  return out_buf.data;
}

static napi_value redact(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value arg = NULL;
  napi_valuetype type = napi_undefined;
  if (napi_get_cb_info(env, info, &argc, &arg, NULL, NULL) != napi_ok || argc < 1 ||
      napi_typeof(env, arg, &type) != napi_ok || type != napi_string) {
    napi_throw_type_error(env, NULL, "redact() takes a string");
    return NULL;
  }
  size_t n = 0;
  if (napi_get_value_string_utf16(env, arg, NULL, 0, &n) != napi_ok) return undefined_value(env);
  if (!reserve(&input_buf, n + 1 + SCAN_PADDING, sizeof(unit))) return undefined_value(env);
  napi_get_value_string_utf16(env, arg, input_buf.data, n + 1, &n);
  pad_text(input_buf.data, n);
  size_t length = 0;
  bool changed = false;
  const unit *out = redact_units(input_buf.data, n, &length, &changed);
  napi_value result = arg;
  if (out == NULL) result = undefined_value(env);
  else if (changed && napi_create_string_utf16(env, out, length, &result) != napi_ok) {
    result = undefined_value(env);
  }
  trim(&input_buf, sizeof(unit));
  trim(&strip_buf, sizeof(unit));
  trim(&out_buf, sizeof(unit));
  trim(&cut_buf, sizeof(size_t));
  trim(&span_buf, sizeof(size_t));
  return result;
}

NAPI_MODULE_INIT() {
  scan_init();
  napi_value fn;
  napi_value version;
  if (napi_create_function(env, "redact", NAPI_AUTO_LENGTH, redact, NULL, &fn) != napi_ok ||
      napi_set_named_property(env, exports, "redact", fn) != napi_ok ||
      napi_create_uint32(env, 1, &version) != napi_ok ||
      napi_set_named_property(env, exports, "version", version) != napi_ok) {
    return NULL;
  }
  return exports;
}
