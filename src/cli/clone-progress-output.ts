/**
 * Clone progress for the terminal (on stderr): one redrawn bar line on a TTY, otherwise a
 * plain line per phase and per 10 % step, so logs stay short.
 */
import type { ClausterEvent } from '../events/bus.js';
import { redactText } from '../security/redact.js';
import type { CliIo } from './io.js';

const BAR_WIDTH = 24;

export interface CloneProgressPrinter {
  onEvent(event: ClausterEvent): void;
  /** Ends a redrawn line so later output starts on a fresh one. */
  finish(): void;
}

/** Renders `[#####.....]  45% receiving-objects`. */
export function formatProgressBar(phase: string, percent: number | null): string {
  const filled = Math.round(((percent ?? 0) / 100) * BAR_WIDTH);
  const bar = `${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}`;
  const shown = percent === null ? '    ' : `${String(percent).padStart(3)}%`;
  return `[${bar}] ${shown} ${phase}`;
}

/** Creates the printer; TTY detection comes from the CliIo. */
export function createCloneProgressPrinter(io: CliIo): CloneProgressPrinter {
  let drawn = 0;
  let lastKey = '';
  return {
    onEvent(event) {
      if (event.type !== 'clone') return;
      const phase = typeof event.job.phase === 'string' ? redactText(event.job.phase) : null;
      const percent = typeof event.job.percent === 'number' ? event.job.percent : null;
      if (phase === null) return;
      if (io.isTTY) {
        const line = formatProgressBar(phase, percent);
        io.stderr(`\r${line.padEnd(drawn)}`);
        drawn = line.length;
        return;
      }
      const key = `${phase}:${percent === null ? '' : Math.floor(percent / 10)}`;
      if (key === lastKey) return;
      lastKey = key;
      io.stderr(`${phase}${percent === null ? '' : ` ${percent}%`}\n`);
    },
    finish() {
      if (drawn > 0) io.stderr('\n');
      drawn = 0;
    },
  };
}
