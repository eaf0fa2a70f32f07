/**
 * The CLI's start-up step that installs the redaction engine (src/system/native-redactor.ts)
 * for every command. Invariant: a CLAUSTER_REDACTOR value that names no engine is a usage
 * error, never a silent choice; a missing or refused native module only means the JS engine.
 */
import { installNativeRedactor, RedactorChoiceError } from '../system/native-redactor.js';
import type { UsageError } from './failure-output.js';
import type { CliIo } from './io.js';

/** Installs the engine `io.env` picks; the usage error to report when CLAUSTER_REDACTOR is bad. */
export function tryInstallRedactor(io: CliIo): UsageError | null {
  try {
    installNativeRedactor(io.env);
    return null;
  } catch (error) {
    if (!(error instanceof RedactorChoiceError)) throw error;
    return { code: 'invalid-env', message: error.message };
  }
}
