/**
 * Doctor row `state-files`: each document in state_dir read with the reader `clauster run`
 * uses. Invariants: read-only (nothing is created, repaired, moved or rewritten); FAIL where
 * `run` refuses to start, WARN where it starts but loses something; no row shows file content
 * (the session secret only by its size).
 */
import { join } from 'node:path';
import { EPOCH_FILE, EpochFileError, readEpoch } from '../auth/epoch.js';
import { MIN_SECRET_BYTES, SESSION_SECRET_FILE } from '../auth/session-secret.js';
import { readTokenDocument, TOKENS_FILE, TokenStoreError } from '../auth/token-store.js';
import { inspectRegistry, registryPath } from '../bridges/registry.js';
import type { Config } from '../config/schema.js';
import {
  locateSessionSecret,
  measureSessionSecret,
  type SessionSecretFault,
} from '../config/session-secret-rules.js';
import { errnoCode, isDanglingLink } from '../fs-errors.js';
import { redactText } from '../security/redact.js';
import { AUDIT_FILE } from '../state/audit.js';
import { inspectLockPath } from '../state/lock-path.js';
import { NOT_REGULAR_FILE, NotRegularFileError } from '../state/regular-file.js';
import { LOCK_FILE } from '../state/state-dir.js';
import type { Fs } from '../system/ports.js';
import {
  type CheckContext,
  type CheckResult,
  failRow,
  notCheckedRow,
  okRow,
  warnRow,
} from './check.js';

const ID = 'state-files';
const CHECKED = [
  'bridges.json',
  TOKENS_FILE,
  EPOCH_FILE,
  SESSION_SECRET_FILE,
  LOCK_FILE,
  AUDIT_FILE,
] as const;

/** One damaged file: what is wrong, what `run` does about it, and what to do. */
interface Finding {
  status: 'WARN' | 'FAIL';
  file: string;
  what: string;
  fix: string;
}

const REFUSES = 'clauster run refuses to start';
const RE_LOGIN = 'every signed-in browser logs in again';

const codeOf = (error: unknown): string => errnoCode(error) ?? 'error';

const DANGLING = 'is a symbolic link to a missing file (is its volume mounted?)';
const NOT_A_FILE = `is ${NOT_REGULAR_FILE}`;

async function inspectBridges(dir: string, fs: Fs): Promise<Finding | null> {
  const file = 'bridges.json';
  const path = registryPath(dir);
  const read = await inspectRegistry(dir, { fs });
  if (read.kind === 'records') return null;
  if (read.kind === 'unreadable') {
    return {
      status: 'FAIL',
      file,
      what: `cannot be read (${read.errno}): ${REFUSES}`,
      fix: `fix the owner and mode of ${path}, or remove it: every recorded bridge is then forgotten`,
    };
  }
  if (read.kind === 'not-a-file') {
    return {
      status: 'FAIL',
      file,
      what: `${NOT_A_FILE}: ${REFUSES}`,
      fix: `remove ${path} (a FIFO or device holds no bridge records)`,
    };
  }
  if (read.kind === 'dangling-link') {
    return {
      status: 'FAIL',
      file,
      what: `${DANGLING}: ${REFUSES}`,
      fix: `mount the volume bridges.json points to, or remove the link (rm ${JSON.stringify(path)}) to start with no recorded bridges`,
    };
  }
  return {
    status: 'WARN',
    file,
    what: 'is not a valid bridges document: clauster run keeps it as bridges.json.corrupt-<UTC time> and drops the records that fail (their live bridges show as started outside clauster)',
    fix: 'restore bridges.json from a backup before the next start, or let clauster run drop the bad records and take the live bridges back with `clauster adopt <project>`',
  };
}

// A reader's refusal in the row's words: its message without the path, or not a file.
function describeDamage(error: Error, path: string): string {
  if (error.cause instanceof NotRegularFileError) return NOT_A_FILE;
  return `is damaged (${error.message.replace(`${path}: `, '')})`;
}

async function inspectTokens(dir: string, fs: Fs): Promise<Finding | null> {
  const file = TOKENS_FILE;
  const lost = 'every API token is refused until it is fixed';
  const fix = `restore tokens.json from a backup, or remove it: every API token is then revoked (issue new ones with \`clauster api-token issue\`)`;
  try {
    await readTokenDocument(dir, { fs });
  } catch (error) {
    if (!(error instanceof TokenStoreError)) throw error;
    return {
      status: 'WARN',
      file,
      what: `${describeDamage(error, join(dir, file))}: ${lost}`,
      fix,
    };
  }
  if (!(await isDanglingLink(join(dir, file), fs))) return null;
  return { status: 'WARN', file, what: `${DANGLING}: read as no tokens, so ${lost}`, fix };
}

async function inspectEpoch(dir: string, fs: Fs): Promise<Finding | null> {
  const file = EPOCH_FILE;
  const fix = `restore session.epoch from a backup, or remove it: clauster run then starts a new epoch and ${RE_LOGIN}`;
  try {
    if ((await readEpoch(dir, { fs })) !== null) return null;
  } catch (error) {
    if (!(error instanceof EpochFileError)) throw error;
    const what = `${describeDamage(error, join(dir, file))}: ${REFUSES}`;
    return { status: 'FAIL', file, what, fix };
  }
  if (!(await isDanglingLink(join(dir, file), fs))) return null; // missing: a new epoch
  const what = `${DANGLING}: clauster run replaces the link with a new epoch file and ${RE_LOGIN}`;
  return { status: 'WARN', file, what, fix };
}

// What is wrong with session.secret, in the row's words.
function describeSecretFault(fault: SessionSecretFault): string {
  if (fault.kind === 'unreadable') return `cannot be read (${fault.code})`;
  if (fault.kind === 'dangling') return DANGLING;
  if (fault.kind === 'not-a-file') return NOT_A_FILE;
  return `is too short (${fault.bytes} bytes, at least ${MIN_SECRET_BYTES} are needed)`;
}

/**
 * state_dir/session.secret while auth and webhooks are off: run does not read it then, so
 * only this row says it would refuse it once either is on. While it is used, the config row
 * measures it (checkSessionSecretSource), as it measures every other source.
 */
async function inspectSecret(config: Config, deps: CheckContext['deps']): Promise<Finding | null> {
  // A secret run reads is the config row's (check-config measures it): not read again here.
  const { source, used } = locateSessionSecret(config, deps.env);
  if (used) return null;
  const fault = await measureSessionSecret(source, deps.fs);
  if (fault === null) return null;
  const file = SESSION_SECRET_FILE;
  const effect = 'not used while auth and webhooks are off; clauster run refuses once either is on';
  const fix = `restore session.secret from a backup, or remove it: clauster run makes a new one and ${RE_LOGIN} (webhook session_ref values change)`;
  const what = describeSecretFault(fault);
  return { status: 'WARN', file, what: `${what}: ${effect}`, fix };
}

/** instance.lock that no clauster wrote: `run` cannot read it as a lock and refuses. */
async function inspectLock(dir: string, fs: Fs): Promise<Finding | null> {
  const path = join(dir, LOCK_FILE);
  // Null for a live or stale lock too: the port row and `clauster run` judge those.
  const fault = await inspectLockPath(path, fs);
  if (fault === null) return null;
  const file = LOCK_FILE;
  if (fault.kind === 'unreadable') {
    return {
      status: 'FAIL',
      file,
      what: `cannot be read (${fault.code}): ${REFUSES}`,
      fix: 'fix the owner and mode of instance.lock, or remove it when no clauster runs',
    };
  }
  const kind = {
    directory: 'is a directory',
    symlink: 'is a symbolic link to something that cannot be read',
    'not-a-file': NOT_A_FILE,
  }[fault.kind];
  const fix = `remove instance.lock (rm -r ${JSON.stringify(path)}): no clauster writes one like that`;
  return { status: 'FAIL', file, what: `${kind}, not a lock file: ${REFUSES}`, fix };
}

/** audit.jsonl that is a link or not a regular file: every entry is dropped with a warning. */
async function inspectAudit(dir: string, fs: Fs): Promise<Finding | null> {
  const path = join(dir, AUDIT_FILE);
  const info = await fs.lstat(path).catch((error: unknown) => codeOf(error));
  if (info === 'ENOENT' || (typeof info !== 'string' && info.isFile())) return null;
  const kind =
    typeof info === 'string'
      ? `cannot be inspected (${info})`
      : info.isSymbolicLink()
        ? 'is a symbolic link (entries are never written through one)'
        : info.isDirectory()
          ? 'is a directory'
          : 'is not a regular file';
  return {
    status: 'WARN',
    file: AUDIT_FILE,
    what: `${kind}: clauster run starts, but drops every audit entry`,
    fix: `move audit.jsonl aside (mv ${JSON.stringify(path)} ${JSON.stringify(`${path}.old`)}; a link's target keeps the earlier entries) so clauster starts a new one`,
  };
}

/** `state-files`: every state document readable the way `clauster run` reads it. */
export async function checkStateFilesRow(ctx: CheckContext): Promise<CheckResult> {
  const config = ctx.input.config;
  if (config === null) return notCheckedRow(ID);
  const dir = config.state_dir;
  const { fs } = ctx.deps;
  const info = await fs.stat(dir).catch((error: unknown) => codeOf(error));
  if (info === 'ENOENT') return okRow(ID, `${dir} does not exist yet: no state files to read`);
  if (typeof info === 'string' || !info.isDirectory())
    return warnRow(
      ID,
      'not checked: state_dir is not a readable directory',
      'fix the state_dir row first',
    );
  const found = await Promise.all([
    inspectBridges(dir, fs),
    inspectTokens(dir, fs),
    inspectEpoch(dir, fs),
    inspectSecret(config, ctx.deps),
    inspectLock(dir, fs),
    inspectAudit(dir, fs),
  ]);
  const damaged = found.filter((finding): finding is Finding => finding !== null);
  if (damaged.length === 0) return okRow(ID, `${CHECKED.join(', ')} in ${dir}: readable or absent`);
  const oneLine = (text: string) => redactText(text).replace(/[\r\n]+/g, ' ');
  const detail = oneLine(`in ${dir}: ${damaged.map((f) => `${f.file} ${f.what}`).join('; ')}`);
  const fix = oneLine(damaged.map((f) => f.fix).join('; '));
  return damaged.some((f) => f.status === 'FAIL')
    ? failRow(ID, detail, fix)
    : warnRow(ID, detail, fix);
}
