/**
 * Structured app logger: one line per message, `text` or `json`. Invariant: every message
 * and every string field passes through redactText() before it is written.
 */
import { redactText } from '../security/redact.js';
import type { Clock, Logger, LogLevel } from './ports.js';

const LEVEL_RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface LoggerOptions {
  format: 'text' | 'json';
  level: LogLevel;
  /** Where a finished line goes (default: stderr). */
  write?: (line: string) => void;
  clock?: Clock;
}

function redactValue(value: unknown): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value instanceof Error) return redactText(value.message);
  if (Array.isArray(value)) return value.map(redactValue);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactValue(v)]));
  }
  return value;
}

function formatText(
  ts: string,
  level: LogLevel,
  message: string,
  fields: Record<string, unknown>,
): string {
  const parts = Object.entries(fields).map(([key, value]) => {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    return `${key}=${/[\s"=]/.test(text ?? '') ? JSON.stringify(text) : text}`;
  });
  return [ts, level.toUpperCase().padEnd(5), message, ...parts].join(' ');
}

/** Creates a logger that drops messages below `level` and redacts everything it prints. */
export function createLogger(options: LoggerOptions): Logger {
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const clock = options.clock ?? { now: () => Date.now() };
  const threshold = LEVEL_RANK[options.level];
  function log(level: LogLevel, message: string, fields: Record<string, unknown> = {}): void {
    if (LEVEL_RANK[level] < threshold) return;
    const ts = new Date(clock.now()).toISOString();
    const safeMessage = redactText(message);
    const safeFields = redactValue(fields) as Record<string, unknown>;
    if (options.format === 'json') {
      write(JSON.stringify({ ts, level, msg: safeMessage, ...safeFields }));
    } else {
      write(formatText(ts, level, safeMessage, safeFields));
    }
  }
  return {
    debug: (message, fields) => log('debug', message, fields),
    info: (message, fields) => log('info', message, fields),
    warn: (message, fields) => log('warn', message, fields),
    error: (message, fields) => log('error', message, fields),
  };
}

/** A logger that discards everything (tests, quiet CLI paths). */
export function createSilentLogger(): Logger {
  const noop = (): void => {};
  return { debug: noop, info: noop, warn: noop, error: noop };
}
