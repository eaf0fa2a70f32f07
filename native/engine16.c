/* The redaction engine over UTF-16 code units: V8's two-byte strings. */
#define CLAUSTER_UNIT_BITS 16
#define ENGINE_ENTRY redact_utf16
#define ENGINE_INIT redact_utf16_init
#define ENGINE_TRIM redact_utf16_trim
#define ENGINE_WINDOWS redact_utf16_windows
#define ENGINE_RELEASE redact_utf16_release
#include "engine/engine.h"
