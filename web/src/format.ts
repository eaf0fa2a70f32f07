// Human-readable times and labels.

/** "3 h 12 min", "45 s": the time between two instants. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  const hours = Math.floor(m / 60);
  if (hours < 48) return `${hours} h ${m % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/** "5 min ago" style relative time; falls back to the date for old instants. */
export function formatAgo(iso: string | null, now = Date.now()): string {
  if (!iso) return 'never';
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return iso;
  const diff = now - then;
  if (diff < 45_000) return 'just now';
  if (diff < 3_600_000) return `${Math.round(diff / 60_000)} min ago`;
  if (diff < 86_400_000) return `${Math.round(diff / 3_600_000)} h ago`;
  return new Date(then).toLocaleDateString();
}

/** Local date and time for a tooltip. */
export function formatDateTime(iso: string | null): string {
  if (!iso) return '';
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : new Date(t).toLocaleString();
}

/** "950", "12.3k", "1.2M", "3.4B": a token count at a glance. */
export function formatTokens(count: number): string {
  const units: [number, string][] = [
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'k'],
  ];
  for (const [size, suffix] of units) {
    // 999,600 reads as 1M, not 1000k.
    if (count >= size * 0.9995) {
      const value = count / size;
      return `${value >= 100 ? Math.round(value) : Number(value.toFixed(1))}${suffix}`;
    }
  }
  return String(Math.round(count));
}

/** "$3.42", "CHF 3.42", "<$0.01": an amount after its currency symbol. */
export function formatMoney(amount: number, symbol: string): string {
  const gap = /\p{L}$/u.test(symbol) ? ' ' : '';
  if (amount > 0 && amount < 0.01) return `<${symbol}${gap}0.01`;
  return `${symbol}${gap}${amount.toFixed(2)}`;
}

/** Status words an operator reads at a glance. */
export const STATUS_LABEL: Record<string, string> = {
  starting: 'Starting',
  running: 'Running',
  stopped: 'Stopped',
  crashed: 'Crashed',
  error: 'Error',
  none: 'Not running',
};

/**
 * "84.2 MB", "310 kB": decimal units (1 kB = 1000 bytes). The same function is in
 * src/cli/bridge-output.ts: this bundle cannot import src/ (no Node types in web/tsconfig.json).
 */
export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const shown = unit === 0 || value >= 100 ? Math.round(value) : value.toFixed(1);
  return `${shown} ${units[unit]}`;
}
