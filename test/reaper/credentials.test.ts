import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { maskToken, readReaperCredentials } from '../../src/reaper/credentials.js';
import {
  FAKE_NOW,
  makeReaperWorld,
  type ReaperWorld,
  writeCredentials,
} from '../support/reaper-fixture.js';

let world: ReaperWorld;
beforeEach(async () => {
  world = await makeReaperWorld();
});
afterEach(async () => {
  await world.cleanup();
});

describe('maskToken()', () => {
  it('maskToken() keeps only the first 6 characters', () => {
    assert.equal(maskToken('abcdefghijkl'), 'abcdef…');
  });
});

describe('readReaperCredentials()', () => {
  it('readReaperCredentials() returns the token and organisation', async () => {
    const result = await readReaperCredentials(world.deps);
    assert.ok(result.ok);
    assert.equal(result.value.token, world.token);
    assert.equal(result.value.organizationUuid, world.orgUuid);
  });

  it('readReaperCredentials() refuses an expired token without printing it', async () => {
    await writeCredentials(world.home, { accessToken: world.token, expiresAt: FAKE_NOW - 1 });
    const result = await readReaperCredentials(world.deps);
    assert.ok(!result.ok);
    assert.equal(result.code, 'token-expired');
    assert.ok(result.detail.includes(maskToken(world.token)));
    assert.ok(!result.detail.includes(world.token.slice(0, 7)));
  });

  it('readReaperCredentials() says not-logged-in without a credentials file', async () => {
    const result = await readReaperCredentials({
      ...world.deps,
      home: join(world.root, 'nohome'),
      env: {},
    });
    assert.ok(!result.ok);
    assert.equal(result.code, 'not-logged-in');
  });

  it('readReaperCredentials() refuses a corrupt credentials file without echoing it', async () => {
    await writeFile(
      join(world.home, '.claude', '.credentials.json'),
      `{"claudeAiOauth": ${world.token}`,
    );
    const result = await readReaperCredentials(world.deps);
    assert.ok(!result.ok);
    assert.equal(result.code, 'credentials-unreadable');
    assert.ok(!result.detail.includes(world.token));
  });

  it('readReaperCredentials() needs oauthAccount.organizationUuid', async () => {
    await writeFile(join(world.home, '.claude.json'), '{}');
    const result = await readReaperCredentials(world.deps);
    assert.ok(!result.ok);
    assert.equal(result.code, 'no-organization');
  });

  it('readReaperCredentials() honours CLAUDE_CONFIG_DIR', async () => {
    const result = await readReaperCredentials({
      ...world.deps,
      env: { CLAUDE_CONFIG_DIR: join(world.root, 'elsewhere') },
    });
    assert.ok(!result.ok);
    assert.equal(result.code, 'not-logged-in');
    assert.ok(result.detail.includes('elsewhere'));
  });
});
