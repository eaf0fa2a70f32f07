import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLogger } from '../../src/system/logger.js';

const clock = { now: () => Date.UTC(2026, 0, 2, 3, 4, 5) };

/** A logger at a fixed time whose lines are kept in `lines`. */
function captureLogger(format: 'json' | 'text', level: 'debug' | 'info' | 'warn') {
  const lines: string[] = [];
  const logger = createLogger({ format, level, write: (l) => lines.push(l), clock });
  return { lines, logger };
}

describe('createLogger()', () => {
  it('createLogger() writes one JSON object per line in json format', () => {
    const { lines, logger } = captureLogger('json', 'info');
    logger.info('started', { port: 7621 });
    assert.deepEqual(
      lines.map((l) => JSON.parse(l)),
      [{ ts: '2026-01-02T03:04:05.000Z', level: 'info', msg: 'started', port: 7621 }],
    );
  });

  it('createLogger() writes text lines and drops levels below the threshold', () => {
    const { lines, logger } = captureLogger('text', 'warn');
    logger.debug('hidden');
    logger.info('hidden too');
    logger.warn('careful', { key: 'two words' });
    assert.deepEqual(lines, ['2026-01-02T03:04:05.000Z WARN  careful key="two words"']);
  });

  it('createLogger() redacts ids and control sequences in messages and fields', () => {
    const { lines, logger } = captureLogger('json', 'debug');
    const id = `session_${'A1b2C3d4'.repeat(3)}`;
    logger.error(`bridge \u001b[31mfailed\u001b[0m for ${id}`, {
      detail: `see ${id}`,
      nested: { list: [id] },
    });
    const text = lines.join('\n');
    assert.equal(text.includes(id), false);
    assert.equal(text.includes('\u001b'), false);
    assert.match(text, /failed/);
  });
});
