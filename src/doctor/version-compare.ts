/** Dotted version parsing and comparison for the doctor's floors (claude, node). */

export type Version = readonly [number, number, number];

const CLAUDE_VERSION_RE = /^(\d+)\.(\d+)\.(\d+)(?:[-+][0-9A-Za-z.-]+)? \(Claude Code\)$/;
const PLAIN_VERSION_RE = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?$/;

function toVersion(major?: string, minor?: string, patch?: string): Version {
  return [Number(major ?? 0), Number(minor ?? 0), Number(patch ?? 0)];
}

/** Parses the first line of `claude --version` (`2.1.197 (Claude Code)`); null when it does not match. */
export function parseClaudeVersion(output: string): Version | null {
  const first = output.split('\n', 1)[0]?.trim() ?? '';
  const match = CLAUDE_VERSION_RE.exec(first);
  return match ? toVersion(match[1], match[2], match[3]) : null;
}

/** Parses `20.5`, `v20.19.1` or `2.1.145`; null for anything else. */
export function parsePlainVersion(text: string): Version | null {
  const match = PLAIN_VERSION_RE.exec(text.trim());
  return match ? toVersion(match[1], match[2], match[3]) : null;
}

/** Negative when a < b, 0 when equal, positive when a > b. */
export function compareVersions(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** `2.1.145`. */
export function formatVersion(version: Version): string {
  return version.join('.');
}
