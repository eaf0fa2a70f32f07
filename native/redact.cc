/*
 * Native redaction engine, the V8 side: exports.redact(input) is the JS redactText() of
 * src/security/redact.ts (docs/logs.md, "Two engines, one output").
 * Invariant: the result is exactly the plain reference's (test/support/redact-reference.ts)
 * — or undefined when memory runs out (the caller then uses the JS engine). A non-string
 * argument throws a TypeError. A string V8 keeps as one byte per character is read, redacted
 * and returned as bytes (engine8.c); any other as UTF-16 code units (engine16.c). The V8 API
 * (not N-API) is used for that: N-API cannot tell a one-byte string, and its per-call cost is
 * larger (docs/performance.md). The module is built for the Node it is installed with
 * (`npm ci`/`npm rebuild`); another Node refuses to load it, and clauster then uses the JS
 * engine (src/system/native-redactor.ts).
 */
#include <node.h>
#include <v8.h>

#include <cstring>

#include "buffers.h"
#include "redact-engine.h"

namespace {

thread_local buffer latin1_input;
thread_local buffer utf16_input;

// Inputs past this many units give their big buffers back after the call (redact-engine.h).
constexpr int kTrimAbove = 1 << 20;

constexpr uint16_t kSpaces[REDACT_PADDING] = {
#define SPACES8 ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' '
    SPACES8, SPACES8, SPACES8, SPACES8, SPACES8, SPACES8, SPACES8, SPACES8,
#undef SPACES8
};

// Reads `input` into `buf` with REDACT_PADDING units of spaces after it; NULL when out of memory.
template <typename Unit>
Unit *read_units(v8::Isolate *isolate, v8::Local<v8::String> input, int length, buffer *buf) {
  if (!reserve(buf, static_cast<size_t>(length) + REDACT_PADDING, sizeof(Unit))) return nullptr;
  Unit *units = static_cast<Unit *>(buf->data);
  if constexpr (sizeof(Unit) == 1) {
    input->WriteOneByte(isolate, units, 0, length, v8::String::NO_NULL_TERMINATION);
  } else {
    input->Write(isolate, units, 0, length, v8::String::NO_NULL_TERMINATION);
  }
  if constexpr (sizeof(Unit) == 1) {
    std::memset(units + length, ' ', REDACT_PADDING);
  } else {
    std::memcpy(units + length, kSpaces, sizeof kSpaces);
  }
  return units;
}

// What differs between the two kinds of string: the engine's entry points and V8's constructor.
struct Latin1 {
  using Unit = uint8_t;
  static buffer *input() { return &latin1_input; }
  static const Unit *redact(const Unit *units, size_t n, size_t *length, bool *changed) {
    return redact_latin1(units, n, length, changed);
  }
  static v8::MaybeLocal<v8::String> make(v8::Isolate *isolate, const Unit *units, int length) {
    return v8::String::NewFromOneByte(isolate, units, v8::NewStringType::kNormal, length);
  }
  static void trim_buffers() { redact_latin1_trim(); }
};

struct Utf16 {
  using Unit = uint16_t;
  static buffer *input() { return &utf16_input; }
  static const Unit *redact(const Unit *units, size_t n, size_t *length, bool *changed) {
    return redact_utf16(units, n, length, changed);
  }
  static v8::MaybeLocal<v8::String> make(v8::Isolate *isolate, const Unit *units, int length) {
    return v8::String::NewFromTwoByte(isolate, units, v8::NewStringType::kNormal, length);
  }
  static void trim_buffers() { redact_utf16_trim(); }
};

// Redacts `input` as units of `Kind`; leaves the return value undefined when out of memory.
template <typename Kind>
void RedactAs(const v8::FunctionCallbackInfo<v8::Value> &info, v8::Local<v8::String> input) {
  using Unit = typename Kind::Unit;
  v8::Isolate *isolate = info.GetIsolate();
  int length = input->Length();
  const Unit *units = read_units<Unit>(isolate, input, length, Kind::input());
  size_t out_length = 0;
  bool changed = false;
  const Unit *out = units == nullptr ? nullptr : Kind::redact(units, length, &out_length, &changed);
  // The new string is made before a trim can free the engine's buffer it is read from.
  v8::MaybeLocal<v8::String> result;
  if (out != nullptr && changed) result = Kind::make(isolate, out, static_cast<int>(out_length));
  if (length > kTrimAbove) {
    trim(Kind::input(), sizeof(Unit));
    Kind::trim_buffers();
  }
  if (out == nullptr) return;  // undefined: the JS engine redacts this one
  if (!changed) {
    info.GetReturnValue().Set(input);
    return;
  }
  v8::Local<v8::String> redacted;
  if (result.ToLocal(&redacted)) info.GetReturnValue().Set(redacted);
}

void Redact(const v8::FunctionCallbackInfo<v8::Value> &info) {
  v8::Isolate *isolate = info.GetIsolate();
  if (info.Length() < 1 || !info[0]->IsString()) {
    isolate->ThrowException(
        v8::Exception::TypeError(v8::String::NewFromUtf8Literal(isolate, "redact() takes a string")));
    return;
  }
  v8::Local<v8::String> input = info[0].As<v8::String>();
  if (input->IsOneByte()) RedactAs<Latin1>(info, input);
  else RedactAs<Utf16>(info, input);
}

const char *const kWindowKinds[] = {"scalar", "sse2", "avx2"};

// windows([kind]): how the engine takes its first look at a line ("scalar", "sse2" or "avx2";
// all give the same result). Switches both unit widths to `kind` when the CPU has it; returns
// the kind in use. For the tests, which run each.
void Windows(const v8::FunctionCallbackInfo<v8::Value> &info) {
  v8::Isolate *isolate = info.GetIsolate();
  int kind = -1;
  if (info.Length() > 0 && info[0]->IsString()) {
    v8::String::Utf8Value name(isolate, info[0]);
    for (int k = 0; k < 3; k++) {
      if (*name != nullptr && std::strcmp(*name, kWindowKinds[k]) == 0) kind = k;
    }
  }
  redact_utf16_windows(kind);
  int now = redact_latin1_windows(kind);
  info.GetReturnValue().Set(v8::String::NewFromUtf8(isolate, kWindowKinds[now]).ToLocalChecked());
}

// Whether this thread's environment has the hook below (the module may be initialised more
// than once in one environment, and Node refuses the same hook twice).
thread_local bool release_hooked = false;

// Frees this thread's buffers when its Node environment (a worker's, say) ends.
void ReleaseBuffers(void * /* unused */) {
  release_hooked = false;
  release(&latin1_input);
  release(&utf16_input);
  redact_latin1_release();
  redact_utf16_release();
}

}  // namespace

NODE_MODULE_INIT(/* exports, module, context */) {
  redact_latin1_init();
  redact_utf16_init();
  v8::Isolate *isolate = context->GetIsolate();
  if (!release_hooked) {
    node::AddEnvironmentCleanupHook(isolate, ReleaseBuffers, nullptr);
    release_hooked = true;
  }
  v8::Local<v8::Function> redact;
  if (!v8::FunctionTemplate::New(isolate, Redact)->GetFunction(context).ToLocal(&redact)) return;
  redact->SetName(v8::String::NewFromUtf8Literal(isolate, "redact"));
  if (exports->Set(context, v8::String::NewFromUtf8Literal(isolate, "redact"), redact).IsNothing()) return;
  v8::Local<v8::Function> windows;
  if (!v8::FunctionTemplate::New(isolate, Windows)->GetFunction(context).ToLocal(&windows)) return;
  if (exports->Set(context, v8::String::NewFromUtf8Literal(isolate, "windows"), windows).IsNothing()) return;
  exports->Set(context, v8::String::NewFromUtf8Literal(isolate, "version"), v8::Integer::New(isolate, 1)).Check();
}
