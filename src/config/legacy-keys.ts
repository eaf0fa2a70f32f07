/**
 * Keys of the Python Clauster that clauster does not implement (yet). They are removed
 * before validation with ONE warning each, never silently; anything else unknown is an error.
 */

/** Whole top-level sections of the Python original. */
export const LEGACY_SECTIONS: readonly string[] = [
  'claustrum',
  'db',
  'config_write',
  'login_shepherd',
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
  // Apprise has no Node equivalent, and clauster emits no permission, session-end or
  // reconnect-failure event to map the other switches to; the browser channel is implemented.
  notifications: [
    'enabled',
    'urls',
    'notify_on_permission',
    'notify_on_session_end',
    'notify_on_reconnect_failed',
  ],
  // CPU % comes from the tick delta between two polls, so there is no sampling window.
  metrics: ['sample_interval_seconds'],
  // No hosted sessions or background agents here, so nothing to report for these two.
  'webhooks.events': ['bg-settled', 'permission-needed'],
  // A deprecated alias in the original too: `usage.mode` says cost, tokens or off.
  usage: ['show_cost'],
};

function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function warn(path: string): string {
  return `${path}: key of the Python Clauster that clauster does not implement; ignored`;
}

/** What a deprecated `usage.show_cost` does: read as `mode` (showCostMode()), or ignored. */
function warnShowCost(mode: 'cost' | 'tokens' | null, hasMode: boolean): string {
  const head = 'usage.show_cost: deprecated key of the Python Clauster';
  const fix = '(clauster config reconcile does it)';
  if (hasMode) return `${head}; ignored because usage.mode is set; delete it ${fix}`;
  if (mode === null) {
    return `${head}; ignored (expected true or false); set usage.mode instead and delete it ${fix}`;
  }
  return `${head}: read as usage.mode: ${mode}; write usage.mode instead ${fix}`;
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
    const inner = copyMappingAt(copy, section.split('.'));
    if (inner === null) continue;
    for (const key of keys) {
      if (!Object.hasOwn(inner, key)) continue;
      const path = `${section}.${key}`;
      if (path === 'usage.show_cost') {
        // Read before the mapping: it adds usage.mode, which the file did not set.
        const hasMode = Object.hasOwn(inner, 'mode');
        const mode = showCostMode(inner[key], hasMode);
        warnings.push(warnShowCost(mode, hasMode));
        // `cost` is the default: only `tokens` needs writing.
        if (mode === 'tokens') inner.mode = mode;
      } else {
        warnings.push(warn(path));
      }
      delete inner[key];
    }
  }
  return { raw: copy, warnings };
}

/**
 * The `usage.mode` a deprecated `usage.show_cost` stands for (false meant "tokens only", true
 * "with cost"), or null: not a boolean, or the file sets `usage.mode` itself. The loader and
 * `clauster config reconcile` both use it, so they cannot disagree.
 */
export function showCostMode(showCost: unknown, hasMode: boolean): 'cost' | 'tokens' | null {
  if (hasMode || typeof showCost !== 'boolean') return null;
  return showCost ? 'cost' : 'tokens';
}

/** Replaces each mapping along a dotted `path` (`webhooks.events`) by a copy; the last one. */
function copyMappingAt(root: Record<string, unknown>, path: readonly string[]) {
  let node = root;
  for (const step of path) {
    const value = node[step];
    if (!isMapping(value)) return null;
    const copy: Record<string, unknown> = { ...value };
    node[step] = copy;
    node = copy;
  }
  return node;
}
