/**
 * The hand-kept price table of Claude models, for an approximate cost of transcript usage.
 * Invariant: a model id this table does not name has no price (null), never a guessed one.
 *
 * Prices per million tokens, in USD, as published by Anthropic, last checked 2026-12-07.
 * Cache writes (5-minute) cost 1.25 × input and cache reads 0.1 × input. Long-context and
 * batch rates are not modelled: the cost is an approximation.
 */

/** USD per million tokens of each kind. */
export interface ModelPrice {
  input: number;
  output: number;
  cache_write: number;
  cache_read: number;
}

export const PRICES_CHECKED_ON = '2026-12-07';
export const CACHE_WRITE_FACTOR = 1.25;
export const CACHE_READ_FACTOR = 0.1;

type Family = 'opus' | 'sonnet' | 'haiku';

interface PriceRow {
  /** What the row covers, for docs and tests. */
  label: string;
  family: Family;
  /** Inclusive version range, [major, minor]. */
  from: readonly [number, number];
  to: readonly [number, number];
  input: number;
  output: number;
}

/** One row per published family; a version outside every range is unpriced. */
export const PRICE_TABLE: readonly PriceRow[] = [
  { label: 'Claude Opus 4.5 to 5', family: 'opus', from: [4, 5], to: [5, 0], input: 5, output: 25 },
  {
    label: 'Claude Opus 4 and 4.1',
    family: 'opus',
    from: [4, 0],
    to: [4, 1],
    input: 15,
    output: 75,
  },
  { label: 'Claude Sonnet 4.x', family: 'sonnet', from: [4, 0], to: [4, 99], input: 3, output: 15 },
  {
    label: 'Claude Sonnet 3.5 and 3.7',
    family: 'sonnet',
    from: [3, 5],
    to: [3, 7],
    input: 3,
    output: 15,
  },
  { label: 'Claude Haiku 4.5', family: 'haiku', from: [4, 5], to: [4, 5], input: 1, output: 5 },
  { label: 'Claude Haiku 3.5', family: 'haiku', from: [3, 5], to: [3, 5], input: 0.8, output: 4 },
  { label: 'Claude Haiku 3', family: 'haiku', from: [3, 0], to: [3, 0], input: 0.25, output: 1.25 },
];

// What may follow a version: the end, a date or other suffix, a Vertex `@date`, a Bedrock
// `:0` revision or a `[1m]` context tag. A digit may not (4-20250514 is 4.0 plus a date).
const END = '(?=$|[-@.:[])';
// claude-opus-4-5-20251101, claude-sonnet-4, claude-haiku-4-5@20251001
const NEW_STYLE = new RegExp(`^claude-(opus|sonnet|haiku)-(\\d{1,2})(?:-(\\d{1,2})${END})?${END}`);
// claude-3-5-sonnet-20241022, claude-3-haiku-20240307
const OLD_STYLE = new RegExp(`^claude-(\\d{1,2})(?:-(\\d{1,2}))?-(opus|sonnet|haiku)${END}`);
// Bedrock ids carry a provider (and maybe a region) prefix: us.anthropic.claude-…
const PROVIDER_PREFIX = /^(?:[a-z]{2,6}\.)?anthropic\./;

interface ModelVersion {
  family: Family;
  major: number;
  minor: number;
}

/** Reads the family and version out of a model id, or null when it is not a Claude id. */
export function parseModelVersion(model: string): ModelVersion | null {
  const id = model.toLowerCase().replace(PROVIDER_PREFIX, '');
  const fresh = NEW_STYLE.exec(id);
  if (fresh) {
    return { family: fresh[1] as Family, major: Number(fresh[2]), minor: Number(fresh[3] ?? 0) };
  }
  const old = OLD_STYLE.exec(id);
  if (old) return { family: old[3] as Family, major: Number(old[1]), minor: Number(old[2] ?? 0) };
  return null;
}

function compareVersion(a: readonly [number, number], b: readonly [number, number]): number {
  return a[0] === b[0] ? a[1] - b[1] : a[0] - b[0];
}

/** The price of a model id, or null when the table does not name it. */
export function findModelPrice(model: string): ModelPrice | null {
  const version = parseModelVersion(model);
  if (version === null) return null;
  const at: [number, number] = [version.major, version.minor];
  const row = PRICE_TABLE.find(
    (r) =>
      r.family === version.family &&
      compareVersion(at, r.from) >= 0 &&
      compareVersion(at, r.to) <= 0,
  );
  if (row === undefined) return null;
  return {
    input: row.input,
    output: row.output,
    cache_write: row.input * CACHE_WRITE_FACTOR,
    cache_read: row.input * CACHE_READ_FACTOR,
  };
}
