/**
 * Keys of the Python Clauster that clauster does not implement (yet). They are removed
 * before validation with ONE warning each, never silently; anything else unknown is an error.
 */

/** Whole top-level sections of the Python original. */
export const LEGACY_SECTIONS: readonly string[] = [
  'usage',
  'metrics',
  'notifications',
  'webhooks',
  'claustrum',
  'db',
  'config_write',
  'login_shepherd',
  'mcp',
  'api',
];

/** Single keys inside sections we otherwise implement. */
export const LEGACY_KEYS: Readonly<Record<string, readonly string[]>> = {
  claude: [
    'launch_mode',
    'resume_mode',
    'pty_screen_enabled',
    'node_from_nvm',
    'resume_recap',
    'resume_recap_max_chars',
    'agents_json_poll_interval_seconds',
  ],
};

function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function warn(path: string): string {
  return `${path}: key of the Python Clauster that clauster does not implement; ignored`;
}

/** Returns a copy of `raw` without the legacy keys, and one warning per key removed. */
export function stripLegacyKeys(raw: Record<string, unknown>): {
  raw: Record<string, unknown>;
  warnings: string[];
} {
  const warnings: string[] = [];
  const copy: Record<string, unknown> = { ...raw };
  for (const section of LEGACY_SECTIONS) {
    if (!Object.hasOwn(copy, section)) continue;
    delete copy[section];
    warnings.push(warn(section));
  }
  for (const [section, keys] of Object.entries(LEGACY_KEYS)) {
    const value = copy[section];
    if (!isMapping(value)) continue;
    const inner: Record<string, unknown> = { ...value };
    for (const key of keys) {
      if (!Object.hasOwn(inner, key)) continue;
      delete inner[key];
      warnings.push(warn(`${section}.${key}`));
    }
    copy[section] = inner;
  }
  return { raw: copy, warnings };
}
