/**
 * Finds, checks and installs the native redaction engine (binding.gyp builds it into
 * build/Release/clauster_redact.node on `npm ci`). Invariant: redactText() only ever runs a
 * module whose exports are `redact` (a function) and `version` 1 and which answered every
 * known-answer sample exactly as the JS engine does (or declined it); anything else — not
 * built, not loadable, wrong exports, a wrong answer — leaves the JS engine in place with a
 * reason, never an exception. The only refusal is a CLAUSTER_REDACTOR value other than `js`
 * or `auto` (fail closed: a typo must not silently pick an engine). Loads at most once per
 * process.
 */
import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import { join } from 'node:path';
import {
  type NativeRedactor,
  type RedactorFallback,
  type RedactorStatus,
  redactTextJs,
  setNativeRedactor,
} from '../security/redact.js';
import { resolvePackageRoot } from './package-root.js';
import type { Env } from './ports.js';
import { buildRedactorSamples, type RedactorSample } from './redactor-samples.js';

/** The variable that picks the engine: `js`, or `auto` (the default: native when it passes). */
export const REDACTOR_ENV = 'CLAUSTER_REDACTOR';
/** The module's ABI version this loader speaks (native/redact.cc exports it). */
export const NATIVE_REDACTOR_VERSION = 1;
/** Where node-gyp writes the module, inside clauster's package root. */
export const NATIVE_REDACTOR_PATH = ['build', 'Release', 'clauster_redact.node'] as const;

/** A CLAUSTER_REDACTOR value that names no engine. */
export class RedactorChoiceError extends Error {}

/** Reads CLAUSTER_REDACTOR: `js`, or `auto` when unset or empty; throws on anything else. */
export function readRedactorChoice(env: Env): 'js' | 'auto' {
  const value = env[REDACTOR_ENV];
  if (value === undefined || value === '' || value === 'auto') return 'auto';
  if (value === 'js') return 'js';
  throw new RedactorChoiceError(
    `${REDACTOR_ENV}=${JSON.stringify(value)} is not an engine: expected js (the JS engine) or auto (the native engine when built and self-checked, else JS; the default when unset)`,
  );
}

/** A module that passed (with how many samples it answered rather than declined), or why not. */
export type CheckedModule =
  | { ok: true; redact: NativeRedactor; answered: number; samples: number }
  | { ok: false; reason: string };

// How many samples `redact` answered (the rest it declined), or what it got wrong first.
function runSelfCheck(redact: NativeRedactor, samples: readonly RedactorSample[]): number | string {
  let answered = 0;
  for (const sample of samples) {
    let answer: unknown;
    try {
      answer = redact(sample.text);
    } catch {
      return `it threw on the "${sample.label}" sample`;
    }
    if (answer === undefined) continue;
    if (answer !== redactTextJs(sample.text))
      return `its answer for the "${sample.label}" sample differs from the JS engine's`;
    answered += 1;
  }
  return answered;
}

/**
 * Checks a loaded module's exports, then its answers on `samples` (default: the built-in
 * known-answer set). Never throws.
 */
export function checkNativeModule(
  exports: unknown,
  samples: readonly RedactorSample[] = buildRedactorSamples(),
): CheckedModule {
  const mod = (typeof exports === 'object' && exports !== null ? exports : {}) as {
    redact?: unknown;
    version?: unknown;
  };
  if (typeof mod.redact !== 'function' || mod.version !== NATIVE_REDACTOR_VERSION) {
    const version = JSON.stringify(mod.version) ?? 'none';
    return {
      ok: false,
      reason: `wrong exports (redact: ${typeof mod.redact}, version: ${version}; expected a function and ${NATIVE_REDACTOR_VERSION})`,
    };
  }
  const redact = mod.redact as NativeRedactor;
  const answered = runSelfCheck(redact, samples);
  if (typeof answered === 'string') return { ok: false, reason: `self-check failed: ${answered}` };
  return { ok: true, redact, answered, samples: samples.length };
}

/** What decides the engine: the choice, the package root holding build/ and how to load. */
export interface RedactorSource {
  choice: 'js' | 'auto';
  /** clauster's package root (resolvePackageRoot()); the module is NATIVE_REDACTOR_PATH in it. */
  root: string;
  /** Loads the module at a path (default: process.dlopen with RTLD_NOW). */
  load?: (path: string) => unknown;
}

/** The engine to install and its status. */
export interface RedactorDecision {
  status: RedactorStatus;
  redact: NativeRedactor | null;
}

function useJs(cause: RedactorFallback, reason: string): RedactorDecision {
  return { status: { engine: 'js', cause, reason }, redact: null };
}

// process.dlopen() as require() does it, but with RTLD_NOW: a module with an unresolved
// symbol then fails here (caught: the JS engine stays) instead of killing the process at its
// first call (Node's default RTLD_LAZY binds each function only when it is first called).
function loadNow(path: string): unknown {
  const holder = { exports: {} as unknown };
  process.dlopen(holder, path, constants.dlopen.RTLD_NOW);
  return holder.exports;
}

/** Decides the engine without installing it. Never throws. */
export function decideRedactor(source: RedactorSource): RedactorDecision {
  if (source.choice === 'js') return useJs('forced', `forced by ${REDACTOR_ENV}=js`);
  const path = join(source.root, ...NATIVE_REDACTOR_PATH);
  const rebuild = `run \`npm rebuild\` in ${source.root} (needs gcc and g++, make and python3)`;
  if (!existsSync(path)) return useJs('not-built', `not built: no ${path}; ${rebuild}`);
  let exports: unknown;
  try {
    exports = (source.load ?? loadNow)(path);
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
    return useJs('load-failed', `${path} did not load (${message.slice(0, 200)}); ${rebuild}`);
  }
  const checked = checkNativeModule(exports);
  if (!checked.ok) return useJs('refused', `${path} refused: ${checked.reason}`);
  const { answered, samples } = checked;
  return { status: { engine: 'native', path, answered, samples }, redact: checked.redact };
}

let installed: RedactorStatus | undefined;

/**
 * Installs the engine CLAUSTER_REDACTOR picks (the native one only after decideRedactor()
 * passes it) and returns its status. The first call decides for the whole process; later
 * calls return that status, but still refuse a bad CLAUSTER_REDACTOR (RedactorChoiceError).
 */
export function installNativeRedactor(env: Env): RedactorStatus {
  const choice = readRedactorChoice(env);
  if (installed === undefined) {
    const decision = decideRedactor({ choice, root: resolvePackageRoot() });
    setNativeRedactor(decision.redact);
    installed = decision.status;
  }
  return installed;
}

/** The status installNativeRedactor() decided, or the JS engine's when it has not run. */
export function readRedactorStatus(): RedactorStatus {
  return installed ?? { engine: 'js', cause: 'not-loaded', reason: 'not loaded in this process' };
}
