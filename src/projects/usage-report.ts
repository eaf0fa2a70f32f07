/**
 * Sums per-file transcript usage into one report: tokens per model, an approximate cost from
 * the price table (src/projects/model-prices.ts), and that cost in the configured currency.
 * Invariants: a message id counts once across every file (a resumed conversation repeats
 * earlier turns); a model the table does not name has a null cost and is listed, never priced
 * by guess; the currency settings only change how the cost is shown.
 */
import { findModelPrice, PRICES_CHECKED_ON } from './model-prices.js';
import { type FileUsage, type MessageUsage, mergeMessageUsage } from './transcript-usage.js';

export const USAGE_MODES = ['cost', 'tokens', 'off'] as const;
export type UsageMode = (typeof USAGE_MODES)[number];

export interface UsageSettings {
  mode: UsageMode;
  /** ISO 4217 code the cost is shown in. */
  currency: string;
  /** Shown before the amount; null picks one for the currency (else its code). */
  currencySymbol: string | null;
  /** Units of `currency` per US dollar. */
  fxRate: number;
  /** Whether cache writes and reads count in `total`. */
  totalIncludesCache: boolean;
}

export const DEFAULT_USAGE_SETTINGS: UsageSettings = {
  mode: 'cost',
  currency: 'USD',
  currencySymbol: null,
  fxRate: 1,
  totalIncludesCache: true,
};

const KNOWN_SYMBOLS: Readonly<Record<string, string>> = {
  USD: '$',
  EUR: '€',
  GBP: '£',
  JPY: '¥',
  INR: '₹',
  KRW: '₩',
};

export interface UsageCounts {
  messages: number;
  input: number;
  output: number;
  /** Every cache write, 5-minute and 1-hour. */
  cache_write: number;
  /** The part of `cache_write` written to the 1-hour cache (priced 2 × input, not 1.25 ×). */
  cache_write_1h: number;
  cache_read: number;
  total: number;
  /** Approximate cost in USD; null when the model is not in the price table. */
  cost_usd: number | null;
}

export type ModelUsage = UsageCounts & { model: string };

export interface UsageReport {
  models: ModelUsage[];
  /** Sums of every model; `cost_usd` sums the priced ones only (see `cost.complete`). */
  totals: UsageCounts;
  cost: {
    /** `totals.cost_usd` × `fx_rate`; null when nothing counted could be priced. */
    amount: number | null;
    currency: string;
    symbol: string;
    fx_rate: number;
    /** False when some tokens came from an unpriced model. */
    complete: boolean;
  };
  sessions: number;
  first_timestamp: string | null;
  last_timestamp: string | null;
  files: number;
  unreadable_files: number;
  skipped_lines: number;
  unpriced_models: string[];
  prices_checked_on: string;
}

/** The symbol shown before an amount: the configured one, a well-known one, else the code. */
export function resolveCurrencySymbol(settings: UsageSettings): string {
  return settings.currencySymbol ?? KNOWN_SYMBOLS[settings.currency] ?? settings.currency;
}

function roundCost(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

function emptyCounts(): UsageCounts {
  const cache = { cache_write: 0, cache_write_1h: 0, cache_read: 0 };
  return { messages: 0, input: 0, output: 0, ...cache, total: 0, cost_usd: 0 };
}

function addMessage(counts: UsageCounts, message: MessageUsage, includeCache: boolean): void {
  const { input, output, cache_write_5m, cache_write_1h, cache_read } = message;
  const cacheWrite = cache_write_5m + cache_write_1h;
  counts.messages += 1;
  counts.input += input;
  counts.output += output;
  counts.cache_write += cacheWrite;
  counts.cache_write_1h += cache_write_1h;
  counts.cache_read += cache_read;
  counts.total += input + output + (includeCache ? cacheWrite + cache_read : 0);
}

function priceModel(model: string, counts: UsageCounts): ModelUsage {
  const price = findModelPrice(model);
  const cost =
    price === null
      ? null
      : roundCost(
          (counts.input * price.input +
            counts.output * price.output +
            (counts.cache_write - counts.cache_write_1h) * price.cache_write +
            counts.cache_write_1h * price.cache_write_1h +
            counts.cache_read * price.cache_read) /
            1_000_000,
        );
  return { model, ...counts, cost_usd: cost };
}

// Every counted message once: by id across all files, plus each message without an id.
function collectMessages(files: readonly FileUsage[]): MessageUsage[] {
  const byId = new Map<string, MessageUsage>();
  const anonymous: MessageUsage[] = [];
  for (const file of files) {
    for (const [id, message] of file.messages) {
      const seen = byId.get(id);
      byId.set(id, seen ? mergeMessageUsage(seen, message) : message);
    }
    anonymous.push(...file.anonymous);
  }
  return [...byId.values(), ...anonymous];
}

function sumTotals(models: readonly ModelUsage[]): UsageCounts {
  const totals = emptyCounts();
  for (const row of models) {
    totals.messages += row.messages;
    totals.input += row.input;
    totals.output += row.output;
    totals.cache_write += row.cache_write;
    totals.cache_write_1h += row.cache_write_1h;
    totals.cache_read += row.cache_read;
    totals.total += row.total;
    totals.cost_usd = roundCost((totals.cost_usd ?? 0) + (row.cost_usd ?? 0));
  }
  const anyPriced = models.length === 0 || models.some((row) => row.cost_usd !== null);
  return anyPriced ? totals : { ...totals, cost_usd: null };
}

function toIso(time: number | null): string | null {
  return time === null ? null : new Date(time).toISOString();
}

function pickTime(files: readonly FileUsage[], key: 'first' | 'last'): number | null {
  let picked: number | null = null;
  for (const file of files) {
    const time = file[key];
    if (time === null) continue;
    if (picked === null || (key === 'first' ? time < picked : time > picked)) picked = time;
  }
  return picked;
}

/** Builds the report of a set of transcript files (`unreadableFiles` could not be read). */
export function buildUsageReport(
  files: readonly FileUsage[],
  settings: UsageSettings,
  options: { unreadableFiles?: number } = {},
): UsageReport {
  const byModel = new Map<string, UsageCounts>();
  for (const message of collectMessages(files)) {
    const counts = byModel.get(message.model) ?? emptyCounts();
    addMessage(counts, message, settings.totalIncludesCache);
    byModel.set(message.model, counts);
  }
  const models = [...byModel].map(([model, counts]) => priceModel(model, counts));
  models.sort((a, b) => (b.cost_usd ?? -1) - (a.cost_usd ?? -1) || b.total - a.total);
  const totals = sumTotals(models);
  const unpriced = models.filter((row) => row.cost_usd === null).map((row) => row.model);
  const sessions = new Set(files.flatMap((file) => [...file.sessions]));
  return {
    models,
    totals,
    cost: {
      amount: totals.cost_usd === null ? null : roundCost(totals.cost_usd * settings.fxRate),
      currency: settings.currency,
      symbol: resolveCurrencySymbol(settings),
      fx_rate: settings.fxRate,
      complete: unpriced.length === 0,
    },
    sessions: sessions.size,
    first_timestamp: toIso(pickTime(files, 'first')),
    last_timestamp: toIso(pickTime(files, 'last')),
    files: files.length,
    unreadable_files: options.unreadableFiles ?? 0,
    skipped_lines: files.reduce((sum, file) => sum + file.skipped, 0),
    unpriced_models: unpriced.sort(),
    prices_checked_on: PRICES_CHECKED_ON,
  };
}
