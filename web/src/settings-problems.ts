// Reads the per-key lines out of a refused Settings save (PUT /api/config, 422
// config-invalid), whose message is "<detail>: <key>: expected …, found …; <key>: expected …",
// so the page can mark each named field with its own line. Pure: tested in test/web/.

/**
 * The problem text of each of `keys` the message names, by key ("expected …, found …"), in the
 * order the message names them. A key counts only at the start of the message or after a
 * space, so `prefix` never matches inside `session_name_prefix`.
 */
export function problemsByKey(message: string, keys: readonly string[]): Map<string, string> {
  const starts: { key: string; at: number }[] = [];
  for (const key of keys) {
    const needle = `${key}: expected `;
    for (let at = message.indexOf(needle); at !== -1; at = message.indexOf(needle, at + 1)) {
      if (at === 0 || message[at - 1] === ' ') {
        starts.push({ key, at });
        break;
      }
    }
  }
  starts.sort((a, b) => a.at - b.at);
  const found = new Map<string, string>();
  starts.forEach(({ key, at }, index) => {
    const end = starts[index + 1]?.at ?? message.length;
    const text = message
      .slice(at + key.length + 2, end)
      .replace(/[;\s]+$/, '')
      .trim();
    found.set(key, text);
  });
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
