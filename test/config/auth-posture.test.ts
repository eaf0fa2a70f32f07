import assert from 'node:assert/strict';
import * as fsp from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readAuthPosture } from '../../src/config/auth-posture.js';
import { decideBind } from '../../src/config/bind-policy.js';
import { configSchema } from '../../src/config/schema.js';
import { validateConfig } from '../../src/config/validators.js';
import { createNodeDeps } from '../../src/system/node.js';
import { useTempDir } from '../support/temp.js';

const AUTH = {
  enabled: true,
  password_required: false,
  password_hash: null,
  api_token_hash: null,
  allow_unauthenticated_network: false,
  reverse_proxy: { enabled: false },
};

function tokensDoc(scopes: string[][]): string {
  const tokens = scopes.map((s, i) => ({
    id: `tok${i}`,
    label: `label${i}`,
    hash: 'a'.repeat(64),
    scopes: s,
    created_at: '2026-01-01T00:00:00.000Z',
    last_used_at: null,
  }));
  return JSON.stringify({ schema_version: 1, tokens });
}

describe('readAuthPosture()', () => {
  const dir = useTempDir();

  const cases: Array<[label: string, file: string | null, allowed: boolean]> = [
    ['no tokens.json', null, false],
    ['an issued API token', tokensDoc([['api']]), true],
    ['only a metrics scrape token', tokensDoc([['metrics']]), false],
    ['a corrupt tokens.json (fail closed)', '{not json', false],
  ];
  for (const [label, file, allowed] of cases) {
    it(`readAuthPosture() makes a network bind ${allowed ? 'allowed' : 'refused'} with ${label}`, async () => {
      if (file !== null) await fsp.writeFile(join(dir.path, 'tokens.json'), file);
      const posture = await readAuthPosture(AUTH, dir.path, { fs: fsp });
      const bind = await decideBind('0.0.0.0', posture, { lookup: async () => [] });
      assert.equal(bind.allowed, allowed);
      assert.equal(bind.credentials.includes('token'), allowed);
    });
  }

  it('validateConfig() accepts a network bind whose only credential is an issued API token', async () => {
    const stateDir = join(dir.path, 'state');
    await fsp.mkdir(stateDir);
    await fsp.writeFile(join(stateDir, 'tokens.json'), tokensDoc([['api']]));
    const config = configSchema.parse({
      host: '0.0.0.0',
      state_dir: stateDir,
      auth: { enabled: true },
    });
    const deps = createNodeDeps({ HOME: dir.path });
    const { problems } = await validateConfig(config, deps);
    assert.deepEqual(
      problems.map((p) => p.path),
      [],
    );
    await fsp.rm(join(stateDir, 'tokens.json'));
    const refused = await validateConfig(config, deps);
    assert.ok(refused.problems.some((p) => p.path === 'host'));
  });
});
