# The native redaction engine (native/redact.cc and the engine it calls): built by `npm ci` /
# `npm install` (npm runs `node-gyp rebuild` for a package with a binding.gyp and no install
# script) into build/Release/clauster_redact.node. src/system/native-redactor.ts loads it and
# falls back to the JS engine when it is missing or fails its self-check.
{
  "targets": [
    {
      "target_name": "clauster_redact",
      # redact.cc is the V8 entry; engine8.c and engine16.c compile native/engine/ once per
      # unit width (Latin-1 bytes, UTF-16 units).
      "sources": [
        "native/buffers.c",
        "native/engine16.c",
        "native/engine8.c",
        "native/redact.cc"
      ],
      "cflags_c": ["-std=c11", "-Wall", "-Wextra"],
      # node.h's NODE_MODULE_INIT casts its init function (a warning of its own, not ours).
      "cflags_cc": ["-Wall", "-Wextra", "-Wno-cast-function-type"],
      "configurations": {
        "Release": {
          "cflags!": ["-O3"],
          "cflags": ["-O2"]
        }
      },
      "xcode_settings": {
        "GCC_C_LANGUAGE_STANDARD": "c11",
        "GCC_OPTIMIZATION_LEVEL": "2",
        "WARNING_CFLAGS": ["-Wall", "-Wextra"]
      }
    }
  ]
}
