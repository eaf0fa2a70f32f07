/**
 * The Tier-A allowlist of the dashboard's config editor: keys that can neither open a door
 * (bind, auth, TLS, bypass, the UI itself) nor move data (clone, webhooks, reaper, claude's
 * binary and env). Invariant: a key is editable only when listed here by its full path (a
 * new schema key is never editable by default), its type comes from the zod schema (never a
 * copy), and `bypassPermissions` is refused whatever the schema allows.
 */
import * as z from 'zod';
import { type ConfigProblem, describeFound } from './problems.js';
import { findLeafSchema } from './schema-walk.js';

export const EDITABLE_KEYS: readonly string[] = [
  'instance_name',
  'log_level',
  'log_format',
  'instance_defaults.spawn_mode',
  'instance_defaults.permission_mode',
  'instance_defaults.verbose',
  'instance_defaults.session_name_prefix',
  'instance_defaults.capacity',
  'instance_defaults.max_bridges',
  'claude.startup_grace_seconds',
  'claude.stop_grace_seconds',
  'logs.bridge_log_max_size_mb',
  'logs.keep_rotated',
  'logs.strip_ansi_in_stream',
  'logs.retention_max_age_days',
  'logs.retention_max_files',
  'logs.retention_max_total_mb',
  'metrics.enabled',
  'metrics.normalize_cpu',
  'metrics.show_disk',
  'metrics.poll_seconds',
  'notifications.browser_enabled',
  'notifications.notify_on_crash',
  'notifications.notify_on_ready',
  'notifications.notify_on_stop',
  'usage.mode',
  'usage.currency',
  'usage.currency_symbol',
  'usage.fx_rate',
  'usage.token_total_includes_cache',
];

/**
 * The rule of each string key in words (the schema holds it as a pattern the operator never
 * sees); a test checks that every editable string key has one.
 */
export const STRING_RULES: Readonly<Record<string, string>> = {
  instance_name: '1 to 32 characters from A-Z a-z 0-9 . _ - (no spaces)',
  'instance_defaults.session_name_prefix':
    'up to 64 characters, no control characters, not starting with -',
  'usage.currency': 'a three-letter currency code in capitals, such as USD or EUR',
  'usage.currency_symbol': '1 to 8 characters, such as $ or €',
};

/** Values the web may never set, by key (the CLI and the file still can). */
const REFUSED_VALUES: Readonly<Record<string, readonly unknown[]>> = {
  'instance_defaults.permission_mode': ['bypassPermissions'],
};

export type EditableType = 'boolean' | 'integer' | 'number' | 'string' | 'enum';

export interface EditableKey {
  key: string;
  path: string[];
  type: EditableType;
  nullable: boolean;
  default: unknown;
  enum?: string[];
  min?: number;
  max?: number;
}

type JsonSchema = {
  type?: string;
  enum?: unknown[];
  minimum?: number;
  exclusiveMinimum?: number;
  maximum?: number;
  default?: unknown;
  anyOf?: JsonSchema[];
};

function leafSchema(key: string): z.core.$ZodType {
  const schema = findLeafSchema(key.split('.'));
  if (schema === undefined) throw new Error(`editable key ${key} is not a schema leaf`);
  return schema;
}

/** Descriptions already read from the schema, by key (frozen; the schema never changes). */
const described = new Map<string, Readonly<EditableKey>>();

/** The editor's description of one allowlisted key, read from the schema once and cached. */
export function describeEditableKey(key: string): Readonly<EditableKey> {
  let found = described.get(key);
  if (found === undefined) {
    found = readEditableKey(key);
    described.set(key, found);
  }
  return found;
}

function readEditableKey(key: string): Readonly<EditableKey> {
  const json = z.toJSONSchema(leafSchema(key), { io: 'input' }) as JsonSchema;
  const branches = json.anyOf ?? [json];
  const main = branches.find((branch) => branch.type !== 'null') ?? json;
  const refused = REFUSED_VALUES[key] ?? [];
  const result: EditableKey = {
    key,
    path: key.split('.'),
    type: main.enum ? 'enum' : ((main.type ?? 'string') as EditableType),
    nullable: branches.some((branch) => branch.type === 'null'),
    default: json.default ?? null,
  };
  if (main.enum) result.enum = main.enum.map(String).filter((v) => !refused.includes(v));
  const min = main.minimum ?? main.exclusiveMinimum;
  if (min !== undefined) result.min = min;
  if (main.maximum !== undefined && main.maximum < Number.MAX_SAFE_INTEGER)
    result.max = main.maximum;
  Object.freeze(result.path);
  if (result.enum) Object.freeze(result.enum);
  return Object.freeze(result);
}

export function isEditableKey(key: string): boolean {
  return EDITABLE_KEYS.includes(key);
}

/** A problem when the web may not set `value` at `key` (the caller checked the allowlist). */
export function checkEditableValue(key: string, value: unknown): ConfigProblem | null {
  if ((REFUSED_VALUES[key] ?? []).includes(value)) {
    return {
      path: key,
      expected: 'a value other than bypassPermissions (set it in the file, per project)',
      found: describeFound(value, key),
    };
  }
  if (value !== undefined && z.safeParse(leafSchema(key), value).success) return null;
  return {
    path: key,
    expected: describeExpected(describeEditableKey(key)),
    found: describeFound(value, key),
  };
}

function describeExpected(key: EditableKey): string {
  const orNull = key.nullable ? ', or null' : '';
  if (key.enum) return `one of ${key.enum.join(', ')}${orNull}`;
  if (key.type === 'boolean') return `true or false${orNull}`;
  if (key.type === 'string') return `${STRING_RULES[key.key] ?? 'text'}${orNull}`;
  return `${describeRange(key)}${orNull}`;
}

/** "an integer from 1 to 1000", "a number above 0, up to 300", "an integer of 0 or more". */
function describeRange(key: EditableKey): string {
  const noun = key.type === 'integer' ? 'an integer' : 'a number';
  const { min, max } = key;
  // Why: `positive()` is an exclusive 0, which the description's `min` does not tell apart.
  const json = z.toJSONSchema(leafSchema(key.key), { io: 'input' }) as JsonSchema;
  const main = (json.anyOf ?? [json]).find((branch) => branch.type !== 'null') ?? json;
  if (main.exclusiveMinimum !== undefined) {
    const above = `${noun} above ${main.exclusiveMinimum}`;
    return max === undefined ? above : `${above}, up to ${max}`;
  }
  if (min !== undefined && max !== undefined) return `${noun} from ${min} to ${max}`;
  if (min !== undefined) return `${noun} of ${min} or more`;
  return max === undefined ? noun : `${noun} of at most ${max}`;
}
