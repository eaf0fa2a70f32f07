/**
 * Which git can pin a clone to its checked addresses (design §6, security.md R-SSRF-4). Pure.
 * Invariant: pinning counts as working only for a git whose `--version` reads as 2.37 or
 * newer — the release that added `http.curloptResolve`. An older git ignores the unknown key
 * without a word, so for it (or a git whose version cannot be read) the pin is OFF and a clone
 * that depends on it must be refused, never run unpinned.
 */
import type { CommandOutput } from '../doctor/command-output.js';
import { compareVersions, formatVersion, type Version } from '../doctor/version-compare.js';
import { fail, ok, type Result } from '../result.js';
import { showTextCut } from '../security/show-text.js';

/** git 2.37.0 (June 2022) added `http.curloptResolve` (its release notes). */
export const GIT_PIN_VERSION: Version = [2, 37, 0];
/** `2.37`, as messages name it. */
export const GIT_PIN_LABEL = `${GIT_PIN_VERSION[0]}.${GIT_PIN_VERSION[1]}`;
const NEEDED = `git ${GIT_PIN_LABEL}`;

/** What one `git --version` gave; `label` is the version as git printed it. */
export type GitVersionReading =
  | { ok: true; version: Version; label: string }
  | { ok: false; detail: string };

export type GitPinRefusal = 'git-too-old' | 'git-version-unknown';

/**
 * `git version X.Y[.Z]` plus what vendors append: `.windows.1`, `.rc0`, `.vfs.0.0`, a
 * ` (Apple Git-146)` note. Anything else, or leading text, does not parse.
 */
const GIT_VERSION_RE =
  /^git version ((\d{1,6})\.(\d{1,6})(?:\.(\d{1,6}))?(?:[.+~_-][0-9A-Za-z.+~_-]*)?(?: \([\x20-\x27\x2a-\x7e]{1,80}\))?)$/;

/** Parses the first line of `git --version`; null when it is not a git version line. */
export function parseGitVersion(output: string): { version: Version; label: string } | null {
  const first = output.split('\n', 1)[0]?.trim() ?? '';
  const match = GIT_VERSION_RE.exec(first);
  if (!match) return null;
  const version: Version = [Number(match[2]), Number(match[3]), Number(match[4] ?? 0)];
  return { version, label: match[1] ?? formatVersion(version) };
}

/** Reads what one `git --version` run gave: the version, or why there is none. */
export function readGitVersion(output: CommandOutput): GitVersionReading {
  if (output.spawnError !== null) {
    return { ok: false, detail: `git could not be started (${output.spawnError})` };
  }
  if (output.exitCode !== 0) {
    const how = output.signal === null ? `code ${output.exitCode}` : `signal ${output.signal}`;
    return { ok: false, detail: `git --version ended with ${how}` };
  }
  const parsed = parseGitVersion(output.stdout);
  if (parsed !== null) return { ok: true, ...parsed };
  const first = output.stdout.split('\n', 1)[0]?.trim() ?? '';
  const shown = first === '' ? 'nothing' : showTextCut(JSON.stringify(first), 60);
  return { ok: false, detail: `git --version printed ${shown}, not "git version X.Y.Z"` };
}

/** Whether this git pins https to the checked addresses (2.37 or newer). */
export function isPinningGit(reading: GitVersionReading): boolean {
  return reading.ok && compareVersions(reading.version, GIT_PIN_VERSION) >= 0;
}

/**
 * The refusal for a clone that needs the pin, or ok when this git can pin. The message names
 * what was found, what is needed and the fix.
 */
export function checkGitPinning(reading: GitVersionReading): Result<void, GitPinRefusal> {
  if (isPinningGit(reading)) return ok(undefined);
  const why =
    `https clones need ${NEEDED} or newer, which pins git to the checked addresses ` +
    '(http.curloptResolve; an older git ignores it, leaving DNS rebinding open)';
  if (!reading.ok) {
    return fail(
      'git-version-unknown',
      `cannot tell which git this is: ${reading.detail}; ${why}; install ${NEEDED} or newer`,
    );
  }
  return fail(
    'git-too-old',
    `git ${reading.label} is too old: ${why}; upgrade to ${NEEDED} or newer`,
  );
}
