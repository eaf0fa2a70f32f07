// createAuthServices(): the log line when session.epoch is created says "first start" on a new
// state_dir, and keeps the "was missing … log in again" wording when earlier state is there.
import assert from 'node:assert/strict';
import { readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createAuthServices } from '../../src/http/auth-services.js';
import { createAuthApp, passwordAuthConfig } from '../support/auth-app.js';
import { useTempDir } from '../support/temp.js';

const dir = useTempDir();

async function epochLines(): Promise<string[]> {
  const { ctx, logger } = createAuthApp({
    stateDir: dir.path,
    config: { auth: await passwordAuthConfig() },
  });
  await createAuthServices(ctx);
  return logger.lines.filter((line) => /epoch/.test(line));
}

describe('createAuthServices() session epoch log line', () => {
  it('createAuthServices() on a new state_dir logs a calm first start', async () => {
    const lines = await epochLines();
    assert.deepEqual(lines, ['info first start: created a session epoch {}']);
    // The secret it made on the way does not turn the first start into "was missing".
    assert.ok((await readFile(join(dir.path, 'session.secret'))).length > 0);
  });

  it('createAuthServices() keeps the "was missing" wording when earlier state is there', async () => {
    await epochLines();
    await unlink(join(dir.path, 'session.epoch'));
    const lines = await epochLines();
    assert.equal(lines.length, 1);
    assert.match(lines[0] ?? '', /^info session\.epoch was missing: started a new session epoch /);
    assert.match(lines[0] ?? '', /log in again/);
  });

  it('createAuthServices() does not count what CLI commands write before the first start', async () => {
    // `clauster trust --all` appends audit.jsonl; `clauster api-token issue` writes tokens.json.
    await writeFile(join(dir.path, 'audit.jsonl'), '{"action":"project.trust"}\n');
    await writeFile(join(dir.path, 'tokens.json'), '{"schema_version":1,"tokens":[]}\n');
    assert.deepEqual(await epochLines(), ['info first start: created a session epoch {}']);
  });

  it('createAuthServices() counts bridges.json alone as earlier state', async () => {
    await writeFile(join(dir.path, 'bridges.json'), '{"schema_version":1,"bridges":[]}\n');
    const lines = await epochLines();
    assert.match(lines[0] ?? '', /session\.epoch was missing/);
  });
});
