/**
 * Doctor rows about the claude CLI: binary and version, login, Remote Control consent.
 * Invariant: no row ever prints a token (not even masked), and the binary is resolved and run
 * with the same environment a bridge gets.
 */
import { join } from 'node:path';
import { buildBridgeEnv } from '../bridges/argv.js';
import { resolveBinary } from '../bridges/binary.js';
import { readJsonFile, resolveClaudeDir } from '../claude/claude-dir.js';
import { readClaudeConfig, resolveClaudeConfigPath } from '../claude/trust-file.js';
import type { Config } from '../config/schema.js';
import { redactText } from '../security/redact.js';
import type { Env } from '../system/ports.js';
import {
  type CheckContext,
  type CheckResult,
  failRow,
  notCheckedRow,
  okRow,
  warnRow,
} from './check.js';
import { readCommandOutput } from './command-output.js';
import {
  compareVersions,
  formatVersion,
  parseClaudeVersion,
  parsePlainVersion,
} from './version-compare.js';

/** The environment a bridge would run with (inherited minus CLAUSTER_*, plus claude.env). */
export function buildClaudeEnv(config: Config, env: Env): Record<string, string> {
  return buildBridgeEnv(env, { extraEnv: config.claude.env, pathAppend: config.claude.path_append })
    .env;
}

/** `claude`: binary found, `--version` parsed, at least claude.min_version. */
export async function checkClaudeRow(ctx: CheckContext): Promise<CheckResult> {
  const config = ctx.input.config;
  if (config === null) return notCheckedRow('claude');
  const env = buildClaudeEnv(config, ctx.deps.env);
  const binary = await resolveBinary(config.claude.binary, env.PATH, ctx.deps);
  if (!binary.ok) {
    return failRow(
      'claude',
      binary.detail,
      'install Claude Code, or set claude.binary to its absolute path',
    );
  }
  const output = await readCommandOutput(
    binary.value,
    ['--version'],
    { env, timeoutMs: ctx.timeoutMs, signal: ctx.signal },
    ctx.deps,
  );
  if (output.spawnError !== null || output.exitCode !== 0) {
    const why =
      output.spawnError ??
      (output.signal ? `signal ${output.signal}` : `exit code ${output.exitCode}`);
    return failRow(
      'claude',
      `${binary.value} --version failed (${why})`,
      'run it by hand; reinstall Claude Code if it fails',
    );
  }
  const version = parseClaudeVersion(output.stdout);
  const floor = parsePlainVersion(config.claude.min_version);
  if (version === null || floor === null) {
    const shown = redactText(output.stdout.split('\n', 1)[0] ?? '').slice(0, 40);
    return failRow(
      'claude',
      `cannot compare the version: ${binary.value} --version printed ${JSON.stringify(shown)}, expected "X.Y.Z (Claude Code)"`,
      'install a released Claude Code (`claude update`), or point claude.binary at one',
    );
  }
  if (compareVersions(version, floor) < 0) {
    return failRow(
      'claude',
      `${binary.value} is ${formatVersion(version)}, older than claude.min_version ${config.claude.min_version}`,
      'run `claude update` (or install a newer Claude Code)',
    );
  }
  return okRow(
    'claude',
    `${binary.value} ${formatVersion(version)} (≥ ${config.claude.min_version})`,
  );
}

function readOauth(value: unknown): Record<string, unknown> | null {
  if (typeof value !== 'object' || value === null) return null;
  const oauth = (value as Record<string, unknown>).claudeAiOauth;
  return typeof oauth === 'object' && oauth !== null ? (oauth as Record<string, unknown>) : null;
}

const LOGIN_FIX = 'run `claude` as the user clauster runs as and log in with /login';

/** `claude-login`: credentials file (claudeAiOauth) or CLAUDE_CODE_OAUTH_TOKEN; never prints a token. */
export async function checkClaudeLoginRow(ctx: CheckContext): Promise<CheckResult> {
  const id = 'claude-login';
  const path = join(resolveClaudeDir(ctx.deps), '.credentials.json');
  const read = await readJsonFile(path, ctx.deps);
  const oauth = read.kind === 'ok' ? readOauth(read.value) : null;
  const token = oauth?.accessToken;
  if (typeof token === 'string' && token.length > 0) {
    const expiresAt = typeof oauth?.expiresAt === 'number' ? oauth.expiresAt : null;
    const scopes = Array.isArray(oauth?.scopes) ? oauth.scopes : null;
    if (scopes !== null && !scopes.includes('user:profile')) {
      return warnRow(
        id,
        `${path}: the login lacks the user:profile scope (an inference-only token); Remote Control needs a full login`,
        LOGIN_FIX,
      );
    }
    if (expiresAt !== null && expiresAt <= ctx.deps.clock.now()) {
      return warnRow(
        id,
        `${path}: the access token expired at ${new Date(expiresAt).toISOString()}`,
        'run `claude` once so it refreshes the login (or log in again with /login)',
      );
    }
    return okRow(id, `logged in (${path})`);
  }
  if (read.kind === 'unreadable') {
    return warnRow(id, `${path}: ${read.why}`, LOGIN_FIX);
  }
  if (ctx.deps.env.CLAUDE_CODE_OAUTH_TOKEN) {
    return warnRow(
      id,
      'only CLAUDE_CODE_OAUTH_TOKEN is set: it is inference-only, and Remote Control needs a full login',
      LOGIN_FIX,
    );
  }
  return warnRow(id, `not logged in (no ${path})`, LOGIN_FIX);
}

/** `remote-control`: consent flags in .claude.json, or auto-enable on. */
export async function checkRemoteControlRow(ctx: CheckContext): Promise<CheckResult> {
  const id = 'remote-control';
  const path = resolveClaudeConfigPath(ctx.deps);
  let flags = false;
  let problem: string | null = null;
  try {
    const state = await readClaudeConfig(path, ctx.deps);
    flags =
      state.kind === 'ok' &&
      (state.config.remoteDialogSeen === true || state.config.hasUsedRemoteControl === true);
  } catch (error) {
    problem = error instanceof Error ? error.message : String(error);
  }
  if (flags) return okRow(id, `Remote Control consent recorded in ${path}`);
  const config = ctx.input.config;
  if (problem === null && config?.claude.auto_enable_remote_control === true) {
    return okRow(
      id,
      'consent is recorded before the first bridge starts (claude.auto_enable_remote_control)',
    );
  }
  const why =
    problem ??
    `no remoteDialogSeen/hasUsedRemoteControl in ${path} and claude.auto_enable_remote_control is off`;
  return warnRow(
    id,
    `${redactText(why)}: a bridge would stop at the "Enable Remote Control?" prompt`,
    'set claude.auto_enable_remote_control: true, or run `claude remote-control` once by hand and answer y',
  );
}
