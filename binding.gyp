# The native redaction engine (native/redact.c, an N-API addon): built by `npm ci` /
# `npm install` (npm runs `node-gyp rebuild` for a package with a binding.gyp and no install
# script) into build/Release/clauster_redact.node. src/system/native-redactor.ts loads it and
# falls back to the JS engine when it is missing or fails its self-check.
{
  "targets": [
    {
      "target_name": "clauster_redact",
      # redact.c is the N-API entry; the engine is split across the other files.
      "sources": [
        "native/buffers.c",
        "native/redact.c",
        "native/rules-keys.c",
        "native/rules.c",
        "native/scan.c",
        "native/strip.c"
      ],
      "cflags_c": ["-std=c11", "-Wall", "-Wextra"],
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
