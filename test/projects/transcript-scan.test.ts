import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createTranscriptCaches } from '../../src/projects/transcript-folds.js';
import { renderTranscriptLine, scanTranscriptLine } from '../../src/projects/transcript-render.js';
import { buildFakeSecrets } from '../support/fake-secrets.js';
import { useTempDir } from '../support/temp.js';

const tmp = useTempDir('clauster-scan-');

const AT = '2026-03-01T10:00:00.000Z';

function line(type: string, content: unknown, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ type, timestamp: AT, message: { role: type, content }, ...extra });
}

const LINES = [
  line('user', 'plain question'),
  line('user', [
    { type: 'text', text: 'with blocks' },
    { type: 'image', source: {} },
    { type: 'tool_result', content: 'out' },
    { type: 'text', text: 7 },
  ]),
  line('assistant', [
    { type: 'thinking', thinking: 'hidden' },
    { type: 'text', text: 'answer' },
    { type: 'tool_use', name: 'Bash', input: { command: 'ls' } },
    { type: 'mystery', text: 'x' },
    'not a block',
  ]),
  line('assistant', 'side', { isSidechain: true }),
  line('user', 7),
  JSON.stringify({ type: 'user' }),
  JSON.stringify({ type: 'summary', summary: 'A summary' }),
  JSON.stringify({ type: 'summary', summary: 3 }),
  JSON.stringify({ type: 'system', content: 'x' }),
  '   ',
  'not json',
  '[1]',
];

describe('scanTranscriptLine()', () => {
  it('scanTranscriptLine() counts exactly the turns renderTranscriptLine() renders', () => {
    for (const text of LINES) {
      const rendered = renderTranscriptLine(text);
      const scanned = scanTranscriptLine(text);
      assert.equal(scanned.kind, rendered.kind, text);
      if (scanned.kind === 'turns' && rendered.kind === 'turns') {
        assert.equal(scanned.turns, rendered.turns.length, text);
        assert.equal(scanned.sidechain, rendered.sidechain, text);
        const users = rendered.turns.filter((turn) => turn.role === 'user' && !turn.tool);
        assert.deepEqual(
          scanned.userTexts,
          users.map((turn) => turn.text),
          text,
        );
      }
    }
  });
});

describe('transcript summaries', () => {
  it('the summary fold redacts the title it keeps and counts like the conversation', async () => {
    const caches = createTranscriptCaches();
    for (const [n, secret] of buildFakeSecrets().entries()) {
      const path = join(tmp.path, `${n}.jsonl`);
      const lines = [line('user', '   '), line('user', `title\n${secret.text} end`), ...LINES];
      await fs.writeFile(path, `${lines.join('\n')}\n`);
      const summary = await caches.summaries.read(path, { fs });
      const conversation = await caches.conversations.read(path, { fs });
      assert.ok(summary.ok && conversation.ok);
      assert.equal(summary.value.turns, conversation.value.total, secret.shape);
      assert.ok(!JSON.stringify(summary.value).includes(secret.hidden), secret.shape);
      assert.match(summary.value.firstUser ?? '', /^title\n/);
      assert.equal(summary.value.summary, 'A summary');
    }
  });
});
