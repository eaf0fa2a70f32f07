/** Shared bench helpers: one JSON result line per subject, percentiles, temp dirs. */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface BenchResult {
  subject: string;
  measure: string;
  figure: string;
  target: string;
  pass: boolean;
  /** Raw numbers behind the figure. */
  data: Record<string, number | string>;
  note?: string;
}

/** True when the suite runs in --quick mode (CI smoke). */
export const QUICK = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';

/** Prints the single result line the runner collects. */
export function report(result: BenchResult): void {
  process.stdout.write(`BENCH ${JSON.stringify(result)}\n`);
}

/** The p-th percentile (0–100) of a sample, nearest-rank. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

/** Median of a sample. */
export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** A fresh temp dir for one bench. */
export function makeBenchDir(name: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `clauster-bench-${name}-`));
}

/** Rounds for display. */
export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Sleeps. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
