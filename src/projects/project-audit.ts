/**
 * The audit entries of project changes, one definition for the dashboard's routes and the CLI:
 * a `project.trust` entry per project granted (or found already trusted) and, for a trust-all
 * run, a `project.trust-all` summary; `project.create`; `clone-start`; `clone-cancel`. Names,
 * paths and the (redacted) clone URL only, never a file's content.
 */
import type { AuditEntry } from '../state/audit.js';
import type { TrustOutcome } from './trust-all.js';

/** The `project.trust` entry of one project. Pure. */
export function buildTrustEntry(
  project: { name: string; path: string },
  changed: boolean,
): AuditEntry {
  return { action: 'project.trust', project: project.name, path: project.path, changed };
}

/** One `project.trust` entry per project trusted or already trusted, then the summary. Pure. */
export function buildTrustAllEntries(outcomes: readonly TrustOutcome[]): AuditEntry[] {
  const names = (kind: TrustOutcome['outcome']) =>
    outcomes.filter((o) => o.outcome === kind).map((o) => o.project);
  const granted = outcomes.filter(
    (o) => o.outcome === 'trusted' || o.outcome === 'already-trusted',
  );
  return [
    ...granted.map((o) =>
      buildTrustEntry({ name: o.project, path: o.path }, o.outcome === 'trusted'),
    ),
    {
      action: 'project.trust-all',
      trusted: names('trusted'),
      failed: names('failed'),
      skipped: names('skipped'),
    },
  ];
}

/** The `project.create` entry. Pure. */
export function buildCreateEntry(
  project: { name: string; path: string },
  gitInit: boolean,
): AuditEntry {
  return { action: 'project.create', project: project.name, path: project.path, git_init: gitInit };
}

/** The `clone-start` entry of a clone job (its URL as the job shows it). Pure. */
export function buildCloneStartEntry(job: { id: string; url: string; name: string }): AuditEntry {
  return { action: 'clone-start', job: job.id, url: job.url, name: job.name };
}

/** The `clone-cancel` entry of a clone job (job id and project name, no URL). Pure. */
export function buildCloneCancelEntry(job: { id: string; name: string }): AuditEntry {
  return { action: 'clone-cancel', job: job.id, name: job.name };
}
