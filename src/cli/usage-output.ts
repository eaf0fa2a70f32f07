/** How `clauster usage` prints a usage report as text: an aligned table, then totals. */
import type { UsageMode, UsageReport } from '../projects/usage-report.js';
import { stripControls } from '../security/control-strip.js';

// CACHE WRITE counts every cache write; OF WHICH 1H is the part written to the 1-hour cache.
const HEADERS = [
  'MODEL',
  'MESSAGES',
  'INPUT',
  'OUTPUT',
  'CACHE WRITE',
  'OF WHICH 1H',
  'CACHE READ',
  'COST',
];

/** Transcript text made safe for a terminal: no controls, escapes or line breaks. */
function showText(text: string): string {
  return stripControls(text).text.replace(/[\t\r\n]+/g, ' ');
}

/** 1234567 → "1,234,567". */
function formatCount(value: number): string {
  return Math.round(value)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** An amount after its symbol: "$3.42", "CHF 3.42", "<$0.01", "-" when unknown. */
function formatAmount(amount: number | null, symbol: string): string {
  if (amount === null) return '-';
  const gap = /\p{L}$/u.test(symbol) ? ' ' : '';
  if (amount > 0 && amount < 0.01) return `<${symbol}${gap}0.01`;
  return `${symbol}${gap}${amount.toFixed(2)}`;
}

function costCell(usd: number | null, report: UsageReport): string {
  return formatAmount(usd === null ? null : usd * report.cost.fx_rate, report.cost.symbol);
}

function alignRows(rows: readonly string[][]): string[] {
  const widths = HEADERS.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length)));
  return rows.map((row) =>
    row
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

function describeSpan(report: UsageReport): string {
  const span =
    report.first_timestamp === null
      ? ''
      : `, ${report.first_timestamp} to ${report.last_timestamp}`;
  return `${report.sessions} session(s) in ${report.files} file(s)${span}`;
}

/** The report as text; `mode: tokens` leaves the cost column out. */
export function formatUsageText(report: UsageReport, mode: UsageMode): string {
  const withCost = mode !== 'tokens';
  const cut = (row: string[]) => (withCost ? row : row.slice(0, -1));
  const rows = report.models.map((m) =>
    cut([
      showText(m.model),
      formatCount(m.messages),
      formatCount(m.input),
      formatCount(m.output),
      formatCount(m.cache_write),
      formatCount(m.cache_write_1h),
      formatCount(m.cache_read),
      costCell(m.cost_usd, report),
    ]),
  );
  const t = report.totals;
  const total = formatAmount(report.cost.amount, report.cost.symbol);
  const counts = [t.messages, t.input, t.output, t.cache_write, t.cache_write_1h, t.cache_read];
  // `+`: a part is unpriced; nothing priced at all is just `-`.
  const partial = !report.cost.complete && report.cost.amount !== null;
  rows.push(cut(['TOTAL', ...counts.map(formatCount), partial ? `${total}+` : total]));
  const lines = alignRows([cut([...HEADERS]), ...rows]);
  lines.push('', `${formatCount(t.total)} tokens in total; ${describeSpan(report)}`);
  if (report.skipped_lines > 0) lines.push(`skipped ${report.skipped_lines} unreadable line(s)`);
  if (report.unreadable_files > 0)
    lines.push(`could not read ${report.unreadable_files} transcript file(s)`);
  if (report.unpriced_models.length > 0) {
    const names = report.unpriced_models.map(showText).join(', ');
    lines.push(`not in the price table (tokens counted, no cost): ${names}`);
  }
  if (withCost) {
    const fx =
      report.cost.currency === 'USD'
        ? ''
        : ` (USD × ${report.cost.fx_rate} in ${report.cost.currency})`;
    lines.push(
      `Cost is approximate${fx}: prices as published by Anthropic, last checked ${report.prices_checked_on}.`,
    );
  }
  return `${lines.join('\n')}\n`;
}
