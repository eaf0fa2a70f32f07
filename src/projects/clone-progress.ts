/**
 * Parser for `git clone --progress` stderr: `\r`-redrawn lines such as
 * `Receiving objects:  45% (450/1000), 1.2 MiB | 1.1 MiB/s` become `{phase, percent}`; other
 * lines (`fatal: …`, `warning: …`) are kept, redacted and bounded, for the error message.
 */
import { redactText } from '../security/redact.js';

export interface CloneProgress {
  phase: string;
  percent: number | null;
}

const PHASES: Readonly<Record<string, string>> = {
  'enumerating objects': 'enumerating-objects',
  'counting objects': 'counting-objects',
  'compressing objects': 'compressing-objects',
  'receiving objects': 'receiving-objects',
  'resolving deltas': 'resolving-deltas',
  'updating files': 'updating-files',
  'checking out files': 'updating-files',
  'filtering content': 'filtering-content',
  'checking connectivity': 'checking-connectivity',
};

const PROGRESS_RE = /^(?:remote:\s*)?([A-Za-z ]+):\s*(?:(\d{1,3})%)?/;
/** A remote may send endless bytes without a newline: keep at most this much pending. */
const MAX_PENDING = 4096;
const MAX_KEPT_LINES = 5;

/** Parses one progress line into a phase and percentage, or null for other text. */
export function parseProgressLine(line: string): CloneProgress | null {
  const match = PROGRESS_RE.exec(line.trim());
  const phase = match ? PHASES[(match[1] ?? '').trim().toLowerCase()] : undefined;
  if (phase === undefined) return null;
  const percent = match?.[2] === undefined ? null : Math.min(100, Number(match[2]));
  return { phase, percent };
}

export interface ProgressReader {
  /** Feeds a raw stderr chunk. */
  push(chunk: string): void;
  /** Processes whatever is left without a line end. */
  flush(): void;
  /** The last few non-progress lines, redacted. */
  messages(): string[];
}

/** Splits stderr on `\r` and `\n`, reporting each change of phase or percentage once. */
export function createProgressReader(
  onProgress: (progress: CloneProgress) => void,
): ProgressReader {
  let pending = '';
  let last = '';
  const kept: string[] = [];

  function handle(line: string): void {
    if (line.trim().length === 0) return;
    const progress = parseProgressLine(line);
    if (progress === null) {
      // "Cloning into '<temp dir>'" only leaks our paths; it carries no information.
      if (line.startsWith('Cloning into')) return;
      kept.push(redactText(line.trim()).slice(0, 300));
      if (kept.length > MAX_KEPT_LINES) kept.shift();
      return;
    }
    const key = `${progress.phase}:${progress.percent}`;
    if (key === last) return;
    last = key;
    onProgress(progress);
  }

  return {
    push(chunk) {
      const parts = (pending + chunk).split(/[\r\n]/);
      pending = parts.pop() ?? '';
      for (const part of parts) handle(part);
      if (pending.length > MAX_PENDING) pending = pending.slice(-MAX_PENDING);
    },
    flush() {
      handle(pending);
      pending = '';
    },
    messages: () => [...kept],
  };
}
