/**
 * Project names (security.md R-FS-2). Invariant: a name that passes `checkProjectName()` is a
 * single path segment — no separator, no `..`, not hidden, not a clone temp directory — so it
 * can be joined under `projects_root` without escaping it.
 */
import { PROJECT_NAME_RE } from '../config/schema.js';
import { fail, ok, type Result } from '../result.js';
import { ESCAPABLE_SOURCE } from '../security/control-strip.js';
import { showTextCut } from '../security/show-text.js';

/** The only accepted shape of a project directory name (the schema's, for `projects:` keys too). */
export { PROJECT_NAME_RE };

/** Directory name prefix used by clone jobs for work in progress (never a project). */
export const CLONE_TEMP_PREFIX = '.clone-tmp';

export type ProjectNameError = 'invalid-project-name';

// A control (C0 with NUL, tab and newline, DEL, C1) or invisible character: what showText()
// shows escaped, so the message and the shown name agree.
const ESCAPABLE_RE = new RegExp(ESCAPABLE_SOURCE);

// What is wrong with a non-empty name, or null when it is a valid project name.
function findProblem(name: string): string | null {
  if (name.includes('/') || name.includes('\\')) return 'must not contain a path separator';
  if (ESCAPABLE_RE.test(name)) {
    return 'must not contain a control or invisible character (such as NUL, a newline or U+202E)';
  }
  if (name === '.' || name === '..' || name.includes('..')) return "must not contain '..'";
  if (!PROJECT_NAME_RE.test(name)) {
    return 'expected 1–64 characters of [A-Za-z0-9._-] starting with a letter or digit';
  }
  return null;
}

/** Checks a user-supplied project name; the detail names what was expected and received. */
export function checkProjectName(name: unknown): Result<string, ProjectNameError> {
  if (typeof name !== 'string' || name.length === 0) {
    return fail('invalid-project-name', 'project name: expected a non-empty string');
  }
  const problem = findProblem(name);
  if (problem === null) return ok(name);
  // Why: a shown name must never smuggle control characters into logs or terminals, and must
  // not lose them either (stripped, "a\u202eb" would be shown as a valid-looking "ab"). It is
  // masked before it is cut: a secret cut short would no longer be masked.
  return fail(
    'invalid-project-name',
    `project name ${showTextCut(JSON.stringify(name), 84)}: ${problem}`,
  );
}

/** True for a directory entry name that discovery lists as a project. */
export function isProjectDirName(name: string): boolean {
  if (name.startsWith('.') || name.startsWith(CLONE_TEMP_PREFIX)) return false;
  return checkProjectName(name).ok;
}
