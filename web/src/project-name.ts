// The project folder name rule, as the server checks it (src/projects/names.ts
// PROJECT_NAME_RE; the web bundle cannot import src/, and the server has the last word).
// Used by the new project dialog (with hints) and the clone dialog (as the input's pattern).

/** For an input's `pattern` attribute (browsers anchor it and compile it with the v flag). */
export const PROJECT_NAME_PATTERN = '[A-Za-z0-9][A-Za-z0-9._\\-]{0,63}';
const NAME_RE = new RegExp(`^${PROJECT_NAME_PATTERN}$`);

export const PROJECT_NAME_RULE =
  '1–64 characters of A–Z, a–z, 0–9, dot, dash or underscore, starting with a letter or digit';

/** The reason a folder name is refused, or null when it looks fine (or is empty). */
export function projectNameProblem(name: string): string | null {
  if (name === '') return null;
  if (name.includes('/') || name.includes('\\')) return 'The name must not contain a slash.';
  if (name.includes('..')) return 'The name must not contain “..”.';
  return NAME_RE.test(name) ? null : `Use ${PROJECT_NAME_RULE}.`;
}
