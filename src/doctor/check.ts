/**
 * Doctor check contract: one function per row, `(ctx) → Promise<CheckResult>`. Invariant: a
 * row's detail and fix never carry a secret, hash, token or offending config value.
 */
import type { ConfigProblem } from '../config/problems.js';
import type { Config } from '../config/schema.js';
import type { RedactorStatus } from '../security/redact.js';
import type { Deps } from '../system/ports.js';

export type CheckStatus = 'OK' | 'WARN' | 'FAIL';

export interface CheckResult {
  id: string;
  status: CheckStatus;
  detail: string;
  /** One line telling the operator what to do; null for OK rows. */
  fix: string | null;
}

export type PortProbe = (host: string, port: number) => Promise<'free' | 'in-use'>;

/** What the doctor knows about the config before the checks run. */
export interface DoctorInput {
  /** The schema-valid config (even when a startup validator refused it), or null. */
  config: Config | null;
  /** The file it came from; null for defaults (or unknown, in the API). */
  source: string | null;
  /** Every problem that makes `run` refuse the config; empty when it would start. */
  problems: readonly ConfigProblem[];
  /** Set by the API: the config is the one the running server validated at start. */
  fromServer?: boolean;
}

/** Host facts the checks read; injected so tests never touch /etc or real sockets. */
export interface DoctorHost {
  /** `process.version` of the runtime. */
  nodeVersion: string;
  /** Directories searched for an installed clauster unit. */
  systemdDirs: readonly string[];
  /** Binds a port to see whether it is free; null in the API (the port row is skipped). */
  probePort: PortProbe | null;
  /** The redaction engine this process runs (src/system/native-redactor.ts decided it). */
  redactor: RedactorStatus;
}

export interface CheckContext {
  input: DoctorInput;
  host: DoctorHost;
  deps: Deps;
  /** Aborted when the check's time is up; pass it to spawned processes. */
  signal: AbortSignal;
  timeoutMs: number;
}

export interface DoctorCheck {
  id: string;
  /** The status a timeout or crash of this check reports. */
  severity: 'WARN' | 'FAIL';
  run(ctx: CheckContext): Promise<CheckResult>;
}

/** An OK row. */
export function okRow(id: string, detail: string): CheckResult {
  return { id, status: 'OK', detail, fix: null };
}

/** A WARN row with its fix. */
export function warnRow(id: string, detail: string, fix: string): CheckResult {
  return { id, status: 'WARN', detail, fix };
}

/** A FAIL row with its fix. */
export function failRow(id: string, detail: string, fix: string): CheckResult {
  return { id, status: 'FAIL', detail, fix };
}

/** The row for a check that needs a config that did not load. */
export function notCheckedRow(id: string): CheckResult {
  return warnRow(id, 'not checked: the config did not load', 'fix the config row first');
}
