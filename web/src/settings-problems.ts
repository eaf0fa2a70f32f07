// Reads the per-key lines of a refused Settings save (PUT /api/config, 422 config-invalid),
// whose body lists the problems one line each ("<key>: expected …, found …"), so the page can
// mark each named field with its own line. Only the start of a line names its key: the found
// part may quote the operator's own text, which can look like another key's line. Pure:
// tested in test/web/.

/**
 * The problem text of each of `keys` that a line of `problems` starts with ("expected …,
 * found …"), in the order of the lines; the first line of a key wins. A key counts only as the
 * whole name before `: `, so `prefix` never matches `session_name_prefix`.
 */
export function problemsByKey(
  problems: readonly string[],
  keys: readonly string[],
): Map<string, string> {
  const found = new Map<string, string>();
  for (const line of problems) {
    const key = keys.find((name) => line.startsWith(`${name}: `));
    if (key !== undefined && !found.has(key)) found.set(key, line.slice(key.length + 2).trim());
  }
  return found;
}

/**
 * The line shown under a field: capitalised, and "or null" said as the page offers it (an
 * empty field sends null).
 */
export function fieldProblemText(text: string): string {
  const plain = text.replace(/, or null\b/g, ', or empty');
  return plain.charAt(0).toUpperCase() + plain.slice(1);
}
