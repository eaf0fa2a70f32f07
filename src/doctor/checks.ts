/**
 * The doctor's checks, in report order, and the entry point that runs them. Invariant: the
 * API (no port probe) runs exactly the CLI's rows minus `port`.
 */
import type { Deps } from '../system/ports.js';
import type { DoctorCheck, DoctorHost, DoctorInput } from './check.js';
import { checkClaudeLoginRow, checkClaudeRow, checkRemoteControlRow } from './checks-claude.js';
import { checkAuthRow, checkConfigRow } from './checks-config.js';
import { checkProjectsRootRow, checkWorkspaceTrustRow } from './checks-projects.js';
import { checkRedactionRow } from './checks-redaction.js';
import { checkStateFilesRow } from './checks-state-files.js';
import { checkGitRow, checkNodeRow, checkPortRow, checkStateDirRow } from './checks-system.js';
import { checkSystemdRow } from './checks-systemd.js';
import { type DoctorReport, runChecks } from './run-checks.js';

/** Every check, in the order rows are reported. */
export const DOCTOR_CHECKS: readonly DoctorCheck[] = [
  { id: 'config', severity: 'FAIL', run: checkConfigRow },
  { id: 'auth', severity: 'FAIL', run: checkAuthRow },
  { id: 'claude', severity: 'FAIL', run: checkClaudeRow },
  { id: 'claude-login', severity: 'WARN', run: checkClaudeLoginRow },
  { id: 'remote-control', severity: 'WARN', run: checkRemoteControlRow },
  { id: 'projects_root', severity: 'FAIL', run: checkProjectsRootRow },
  { id: 'state_dir', severity: 'FAIL', run: checkStateDirRow },
  { id: 'state-files', severity: 'FAIL', run: checkStateFilesRow },
  { id: 'git', severity: 'WARN', run: checkGitRow },
  { id: 'workspace-trust', severity: 'WARN', run: checkWorkspaceTrustRow },
  { id: 'port', severity: 'WARN', run: checkPortRow },
  { id: 'systemd', severity: 'WARN', run: checkSystemdRow },
  { id: 'node', severity: 'FAIL', run: checkNodeRow },
  { id: 'redaction', severity: 'WARN', run: checkRedactionRow },
];

/** The default places an installed unit is looked for. */
export function defaultSystemdDirs(home: string): string[] {
  return [`${home}/.config/systemd/user`, '/etc/systemd/system'];
}

/** Runs the doctor; the `port` row only when the host can probe ports (the CLI). */
export async function runDoctorChecks(
  input: DoctorInput,
  options: { host: DoctorHost; timeoutMs?: number },
  deps: Deps,
): Promise<DoctorReport> {
  const checks = DOCTOR_CHECKS.filter(
    (check) => check.id !== 'port' || options.host.probePort !== null,
  );
  return runChecks(checks, { input, host: options.host, timeoutMs: options.timeoutMs }, deps);
}
