/* The redaction engine over Latin-1 bytes: V8's one-byte strings, read without widening. */
#define CLAUSTER_UNIT_BITS 8
#define ENGINE_ENTRY redact_latin1
#define ENGINE_INIT redact_latin1_init
#define ENGINE_TRIM redact_latin1_trim
#define ENGINE_WINDOWS redact_latin1_windows
#define ENGINE_RELEASE redact_latin1_release
#include "engine/engine.h"
