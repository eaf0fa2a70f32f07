/**
 * The environment record as the reaper sees it, parsed defensively from an API page.
 * Invariant: an id that could change the shape of a request path (anything but
 * `[A-Za-z0-9_-]`) makes the whole page malformed, so it is never acted on.
 */
import { fail, ok, type Result } from '../result.js';

export interface Environment {
  id: string;
  name: string | null;
  /** `config.type`, else top-level `type` ('bridge', 'cloud', …). */
  type: string | null;
  /** `config.directory` as registered by the bridge. */
  directory: string | null;
  lastActivity: string | null;
  archivedAt: string | null;
}

export interface EnvironmentPage {
  environments: Environment[];
  /** The `after_id` for the next page, or null on the last page. */
  nextCursor: string | null;
}

const ID_RE = /^[A-Za-z0-9_-]{1,200}$/;

function readString(record: Record<string, unknown>, key: string): string | null {
  const value = record[key];
  return typeof value === 'string' && value.length > 0 ? value : null;
}

function asRecord(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

/** Parses one environment; null when it has no usable id. */
function parseEnvironment(value: unknown): Environment | null {
  const record = asRecord(value);
  if (!record) return null;
  const id = readString(record, 'id');
  if (!id || !ID_RE.test(id)) return null;
  const config = asRecord(record.config) ?? {};
  return {
    id,
    name: readString(record, 'name') ?? readString(config, 'name'),
    type: readString(config, 'type') ?? readString(record, 'type'),
    directory: readString(config, 'directory') ?? readString(record, 'directory'),
    lastActivity:
      readString(record, 'last_activity_at') ??
      readString(record, 'updated_at') ??
      readString(record, 'created_at'),
    archivedAt: readString(record, 'archived_at'),
  };
}

/** Parses one page of `GET /v1/environments`: `{data, next_page | has_more + last_id}`. */
export function parseEnvironmentPage(body: unknown): Result<EnvironmentPage, 'malformed'> {
  const record = asRecord(body);
  if (!record || !Array.isArray(record.data)) {
    return fail('malformed', 'expected an object with a `data` array');
  }
  const environments: Environment[] = [];
  for (const [index, item] of record.data.entries()) {
    const env = parseEnvironment(item);
    if (!env)
      return fail('malformed', `data[${index}]: expected an object with an id of [A-Za-z0-9_-]`);
    environments.push(env);
  }
  const nextPage = record.next_page;
  if (typeof nextPage === 'string' && nextPage.length > 0) {
    return ok({ environments, nextCursor: nextPage });
  }
  if (nextPage !== undefined && nextPage !== null) {
    return fail('malformed', 'next_page: expected a string or null');
  }
  if (record.has_more === true) {
    const lastId = readString(record, 'last_id') ?? environments.at(-1)?.id ?? null;
    if (!lastId) return fail('malformed', 'has_more is true but there is no last_id');
    return ok({ environments, nextCursor: lastId });
  }
  return ok({ environments, nextCursor: null });
}
