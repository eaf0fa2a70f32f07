// createAuthServices(): a start without session.epoch (the first one, or the file was lost)
// logs one calm line that says both and what it means for cookies.
import assert from 'node:assert/strict';
import { unlink } from 'node:fs/promises';
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

const LINE =
  'info no session.epoch (first start, or it was lost): started a new one {"effect":"session cookies issued before it are refused"}';

describe('createAuthServices() session epoch log line', () => {
  it('createAuthServices() says once that it started an epoch, first start or lost file alike', async () => {
    assert.deepEqual(await epochLines(), [LINE]);
    assert.deepEqual(await epochLines(), [], 'an epoch on disk: nothing to say');
    await unlink(join(dir.path, 'session.epoch'));
    assert.deepEqual(await epochLines(), [LINE]);
  });
});
