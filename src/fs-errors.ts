/** Filesystem error codes read the same way everywhere (core and edge may both import this). */

/** True when `error` says the path (or a folder on it) does not exist. */
export function isMissing(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
