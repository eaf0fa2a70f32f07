/**
 * Doctor rows about the host: state_dir, git, the listening port and the Node runtime.
 * Invariant: nothing here creates, changes or binds anything for longer than a probe.
 */
import { constants } from 'node:fs';
import { dirname } from 'node:path';
import { resolveBinary } from '../bridges/binary.js';
import { readAuthPosture } from '../config/auth-posture.js';
import { decideBind } from '../config/bind-policy.js';
import { buildGitVersionCommand, readGitPath } from '../projects/clone-git.js';
import { GIT_PIN_LABEL, isPinningGit, readGitVersion } from '../projects/git-version.js';
import { redactText } from '../security/redact.js';
import { describeLiveHolder } from '../state/state-dir.js';
import type { Fs } from '../system/ports.js';
import {
  type CheckContext,
  type CheckResult,
  failRow,
  notCheckedRow,
  okRow,
  warnRow,
} from './check.js';
import { readCommandOutput } from './command-output.js';
import { compareVersions, parsePlainVersion } from './version-compare.js';

/** The `engines.node` range of package.json (a test keeps the two equal). */
export const NODE_ENGINES = '>=20.5';

async function isWritableDir(path: string, fs: Fs): Promise<boolean> {
  try {
    await fs.access(path, constants.W_OK | constants.X_OK);
    return (await fs.stat(path)).isDirectory();
  } catch {
    return false;
  }
}

async function nearestExisting(path: string, fs: Fs): Promise<string> {
  let current = path;
  for (;;) {
    try {
      await fs.stat(current);
      return current;
    } catch {
      const parent = dirname(current);
      if (parent === current) return current;
      current = parent;
    }
  }
}

/** `state_dir`: exists or creatable, writable, owner-only. */
export async function checkStateDirRow(ctx: CheckContext): Promise<CheckResult> {
  const id = 'state_dir';
  const config = ctx.input.config;
  if (config === null) return notCheckedRow(id);
  const dir = config.state_dir;
  const { fs } = ctx.deps;
  let mode: number;
  try {
    const stat = await fs.stat(dir);
    if (!stat.isDirectory())
      return failRow(
        id,
        `${dir} exists but is not a directory`,
        'move it away or set state_dir elsewhere',
      );
    mode = stat.mode & 0o777;
  } catch {
    const ancestor = await nearestExisting(dirname(dir), fs);
    if (await isWritableDir(ancestor, fs))
      return okRow(id, `${dir} does not exist yet; \`clauster run\` creates it (0700)`);
    return failRow(
      id,
      `${dir} cannot be created: ${ancestor} is not writable`,
      'create it (mode 0700) for the clauster user, or set state_dir elsewhere',
    );
  }
  if (!(await isWritableDir(dir, fs))) {
    return failRow(
      id,
      `${dir} is not writable by this user`,
      'run clauster as the owner of state_dir, or set state_dir elsewhere',
    );
  }
  const octal = `0${mode.toString(8).padStart(3, '0')}`;
  if ((mode & 0o077) !== 0) {
    return warnRow(
      id,
      `${dir} has mode ${octal}: group/others can read the session secret, tokens and logs`,
      `chmod 700 ${dir} (clauster run also tightens it at start)`,
    );
  }
  return okRow(id, `${dir} (${octal})`);
}

/**
 * `git`: present on PATH, reports a version, and is new enough (2.37) for clone to pin https
 * to the checked addresses — clone refuses https clones by host name otherwise.
 */
export async function checkGitRow(ctx: CheckContext): Promise<CheckResult> {
  const id = 'git';
  const fix = `install git ${GIT_PIN_LABEL} or newer (needed for clone and worktree spawn mode)`;
  // The git a clone runs: found on the same PATH (or its default), in the same environment.
  const path = readGitPath(ctx.deps.env);
  const git = await resolveBinary('git', path, ctx.deps);
  if (!git.ok) return warnRow(id, `git was not found on PATH (${path})`, fix);
  const command = buildGitVersionCommand({ path, home: ctx.deps.home });
  const output = await readCommandOutput(
    git.value,
    command.args,
    { env: command.env, timeoutMs: ctx.timeoutMs, signal: ctx.signal },
    ctx.deps,
  );
  const reading = readGitVersion(output);
  if (!reading.ok) return warnRow(id, `${git.value}: ${reading.detail}`, fix);
  const found = `git ${reading.label} (${git.value})`;
  if (isPinningGit(reading)) return okRow(id, `${found}; clone pins https to checked addresses`);
  const cut = `older than ${GIT_PIN_LABEL}, so clone cannot pin https to the checked addresses`;
  // Clone switched off: nothing is refused, but say so before it is switched on.
  if (ctx.input.config?.clone.enabled === false)
    return okRow(id, `${found}; ${cut} (clone is off)`);
  return warnRow(
    id,
    `${found}: ${cut}; https clones by host name are refused (ssh and IP-address URLs still clone)`,
    `upgrade to git ${GIT_PIN_LABEL} or newer`,
  );
}

/** `node`: the runtime meets package.json engines. */
export async function checkNodeRow(ctx: CheckContext): Promise<CheckResult> {
  const id = 'node';
  const floor = parsePlainVersion(NODE_ENGINES.replace(/^>=/, ''));
  const running = parsePlainVersion(ctx.host.nodeVersion);
  if (floor === null || running === null || compareVersions(running, floor) < 0) {
    return failRow(
      id,
      `node ${redactText(ctx.host.nodeVersion)} does not meet ${NODE_ENGINES}`,
      `install Node ${NODE_ENGINES.replace(/^>=/, '')} or newer`,
    );
  }
  return okRow(id, `node ${ctx.host.nodeVersion} (${NODE_ENGINES})`);
}

/** `port` (CLI only): free, or held by the clauster that owns this state_dir. */
export async function checkPortRow(ctx: CheckContext): Promise<CheckResult> {
  const id = 'port';
  const config = ctx.input.config;
  const probe = ctx.host.probePort;
  if (config === null || probe === null) return notCheckedRow(id);
  if (config.port === 0) return okRow(id, 'port 0: a free port is picked at start');
  const posture = await readAuthPosture(config.auth, config.state_dir, ctx.deps);
  const bind = await decideBind(config.host, posture, ctx.deps);
  const busy: string[] = [];
  for (const address of bind.addresses) {
    try {
      if ((await probe(address, config.port)) === 'in-use') busy.push(address);
    } catch (error) {
      const why = (error as NodeJS.ErrnoException).code ?? 'error';
      return warnRow(
        id,
        `cannot bind ${address}:${config.port} (${why})`,
        'check host and port in the config',
      );
    }
  }
  const where = `${bind.addresses.join(', ')} port ${config.port}`;
  if (busy.length === 0) return okRow(id, `${where} is free`);
  const holder = await describeLiveHolder(config.state_dir, { pid: process.pid }, ctx.deps);
  if (holder !== null) return okRow(id, `${where} is in use by this clauster (${holder})`);
  return warnRow(
    id,
    `${busy.join(', ')} port ${config.port} is in use by another program: \`clauster run\` cannot bind it`,
    'stop that program, or choose another port',
  );
}
