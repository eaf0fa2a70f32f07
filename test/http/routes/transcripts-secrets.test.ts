import assert from 'node:assert/strict';
import { mkdir, realpath } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createApp } from '../../../src/http/app.js';
import { createTestContext } from '../../support/app-context.js';
import { buildFakeSecrets } from '../../support/fake-secrets.js';
import { useTempDir } from '../../support/temp.js';
import { writeTranscript } from '../../support/transcript-lines.js';

const tmp = useTempDir('clauster-transcripts-secrets-');

function line(type: string, content: unknown): string {
  return JSON.stringify({ type, timestamp: '2026-03-01T10:00:00.000Z', message: { content } });
}

// Each place a secret can sit in a tool input: after characters JSON escapes (newline, tab,
// quote, backslash), deep in arrays and objects, and as a key.
function toolInputs(secret: string): unknown[] {
  return [
    { command: `echo ok\n${secret}` },
    { command: `printf\t${secret}` },
    { command: `say "${secret}"` },
    { path: `C:\\${secret}` },
    { edits: [{ old: 'a', new: ['x', { deep: `\n${secret}` }] }] },
    { env: { [`\n${secret}`]: 'value' } },
  ];
}

describe('transcriptsRoutes() redaction of tool input', () => {
  it('transcriptsRoutes() never answers a secret placed after an escaped character', async () => {
    const home = await realpath(tmp.path);
    const root = join(home, 'projects');
    await mkdir(join(root, 'app'), { recursive: true });
    const app = createApp(createTestContext({ home, raw: { projects_root: root } }));
    const secrets = buildFakeSecrets().filter((s) => !s.shape.startsWith('uuid'));
    // One conversation per secret keeps each answer under the 500-turn window.
    for (const [n, secret] of secrets.entries()) {
      const id = `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
      const lines = toolInputs(secret.text).map((input) =>
        line('assistant', [{ type: 'tool_use', name: 'Bash', input }]),
      );
      await writeTranscript(home, join(root, 'app'), `${id}.jsonl`, lines);
      const res = await app.request(`/api/projects/app/transcripts/${id}`);
      assert.equal(res.status, 200);
      const body = await res.text();
      const turns = (JSON.parse(body) as { turns: unknown[] }).turns;
      assert.equal(turns.length, lines.length);
      assert.ok(!body.includes(secret.hidden), `${secret.shape} leaked: ${body}`);
    }
  });
});
