/**
 * The hand-kept price table of Claude models, for an approximate cost of transcript usage.
 * Invariant: a model id this table does not name has no price (null), never a guessed one:
 * every row lists the published versions it covers, with no open range.
 *
 * Prices per million tokens, in USD, as published by Anthropic, last checked 2026-12-07.
 * 5-minute cache writes cost 1.25 × input, 1-hour cache writes 2 × input and cache reads
 * 0.1 × input. Long-context and batch rates are not modelled: the cost is an approximation.
 */

/** USD per million tokens of each kind. */
export interface ModelPrice {
  input: number;
  output: number;
  /** 5-minute cache writes. */
  cache_write: number;
  cache_write_1h: number;
  cache_read: number;
}

export const PRICES_CHECKED_ON = '2026-12-07';
export const CACHE_WRITE_FACTOR = 1.25;
const CACHE_WRITE_1H_FACTOR = 2;
export const CACHE_READ_FACTOR = 0.1;

type Family = 'opus' | 'sonnet' | 'haiku';
type Version = readonly [major: number, minor: number];

interface PriceRow {
  /** What the row covers, for docs and tests. */
  label: string;
  family: Family;
  /** Every published version the row prices, [major, minor]; nothing in between. */
  versions: readonly Version[];
  input: number;
  output: number;
}

/** One row per price; a version no row lists is unpriced. */
export const PRICE_TABLE: readonly PriceRow[] = [
  {
    label: 'Claude Opus 4.5, 4.6, 4.7, 4.8 and 5',
    family: 'opus',
    versions: [
      [4, 5],
      [4, 6],
      [4, 7],
      [4, 8],
      [5, 0],
    ],
    input: 5,
    output: 25,
  },
  {
    label: 'Claude Opus 4 and 4.1',
    family: 'opus',
    versions: [
      [4, 0],
      [4, 1],
    ],
    input: 15,
    output: 75,
  },
  {
    label: 'Claude Sonnet 4, 4.5 and 4.6, 3.7 and 3.5',
    family: 'sonnet',
    versions: [
      [4, 0],
      [4, 5],
      [4, 6],
      [3, 7],
      [3, 5],
    ],
    input: 3,
    output: 15,
  },
  { label: 'Claude Haiku 4.5', family: 'haiku', versions: [[4, 5]], input: 1, output: 5 },
  { label: 'Claude Haiku 3.5', family: 'haiku', versions: [[3, 5]], input: 0.8, output: 4 },
  { label: 'Claude Haiku 3', family: 'haiku', versions: [[3, 0]], input: 0.25, output: 1.25 },
];

// What may follow a version: the end, a date or other suffix, a Vertex `@date`, a Bedrock
// `:0` revision or a `[1m]` context tag. Not a digit (4-20250514 is 4 plus a date) and not a
// dot (4-5.1 is no version this table knows).
const END = '(?=$|[-@:[])';
// claude-opus-4-5-20251101, claude-opus-4.5, claude-sonnet-4, claude-haiku-4-5@20251001
const NEW_STYLE = /^claude-(opus|sonnet|haiku)-(\d{1,2})(.*)$/;
// After the major: `-5`/`.5` then an END; or no minor: a date, a non-digit suffix, the end.
const MINOR = new RegExp(`^[-.](\\d{1,2})${END}`);
const DATE = new RegExp(`^-\\d{8}${END}`);
const NO_MINOR = /^(?:$|[@:[]|-\D)/;
// claude-3-5-sonnet-20241022, claude-3.5-sonnet, claude-3-haiku-20240307
const OLD_STYLE = new RegExp(`^claude-(\\d{1,2})(?:[-.](\\d{1,2}))?-(opus|sonnet|haiku)${END}`);
// Bedrock ids carry a provider (and maybe a region) prefix: us.anthropic.claude-…
const PROVIDER_PREFIX = /^(?:[a-z]{2,6}\.)?anthropic\./;

interface ModelVersion {
  family: Family;
  major: number;
  minor: number;
}

function readNewStyle(id: string): ModelVersion | null {
  const fresh = NEW_STYLE.exec(id);
  if (!fresh) return null;
  const [, family, major, rest = ''] = fresh;
  const minor = MINOR.exec(rest);
  if (minor) return { family: family as Family, major: Number(major), minor: Number(minor[1]) };
  // Digits after the major that are neither a minor nor a date (`4-5.1`, `4.50.2`): unknown.
  if (!DATE.test(rest) && !NO_MINOR.test(rest)) return null;
  return { family: family as Family, major: Number(major), minor: 0 };
}

/** Reads the family and version out of a model id, or null when it is not a Claude id. */
export function parseModelVersion(model: string): ModelVersion | null {
  const id = model.toLowerCase().replace(PROVIDER_PREFIX, '');
  if (NEW_STYLE.test(id)) return readNewStyle(id);
  const old = OLD_STYLE.exec(id);
  if (old) return { family: old[3] as Family, major: Number(old[1]), minor: Number(old[2] ?? 0) };
  return null;
}

/** The price of a model id, or null when the table does not name it. */
export function findModelPrice(model: string): ModelPrice | null {
  const version = parseModelVersion(model);
  if (version === null) return null;
  const row = PRICE_TABLE.find(
    (r) =>
      r.family === version.family &&
      r.versions.some(([major, minor]) => major === version.major && minor === version.minor),
  );
  if (row === undefined) return null;
  return {
    input: row.input,
    output: row.output,
    cache_write: row.input * CACHE_WRITE_FACTOR,
    cache_write_1h: row.input * CACHE_WRITE_1H_FACTOR,
    cache_read: row.input * CACHE_READ_FACTOR,
  };
}
