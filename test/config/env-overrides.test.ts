import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { applyEnvOverrides, findEnvOverride, toEnvName } from '../../src/config/env-overrides.js';
import { loadConfig } from '../../src/config/load.js';
import { ConfigError } from '../../src/config/problems.js';
import { createNodeDeps } from '../../src/system/node.js';
import { useTempDir } from '../support/temp.js';

const root = useTempDir();

function deps(env: Record<string, string>) {
  return createNodeDeps({ HOME: root.path, ...env });
}

describe('toEnvName()', () => {
  it('toEnvName() upper-snakes the full path', () => {
    assert.equal(
      toEnvName(['auth', 'reverse_proxy', 'trusted_ips']),
      'CLAUSTER_AUTH_REVERSE_PROXY_TRUSTED_IPS',
    );
  });
});

describe('applyEnvOverrides()', () => {
  it('applyEnvOverrides() sets scalars, booleans, numbers, lists and null', async () => {
    const env = {
      CLAUSTER_PORT: '8080',
      CLAUSTER_HOST: '::1',
      CLAUSTER_AUTH_ENABLED: 'true',
      CLAUSTER_AUTH_ALLOWED_ORIGINS: 'https://a.example, https://b.example',
      CLAUSTER_CLONE_ALLOWED_SCHEMES: '',
      CLAUSTER_CLAUDE_STARTUP_GRACE_SECONDS: '2.5',
      CLAUSTER_INSTANCE_NAME: '',
    };
    const result = await applyEnvOverrides(
      { port: 1, auth: { enabled: false, cookie_secure: 'always' } },
      { cwd: root.path },
      deps(env),
    );
    assert.deepEqual(result.problems, []);
    assert.deepEqual(result.raw, {
      port: 8080,
      host: '::1',
      instance_name: null,
      auth: {
        enabled: true,
        cookie_secure: 'always',
        allowed_origins: ['https://a.example', 'https://b.example'],
      },
      clone: { allowed_schemes: [] },
      claude: { startup_grace_seconds: 2.5 },
    });
  });

  const strict: Array<[string, string]> = [
    ['CLAUSTER_PORT', '0x10'],
    ['CLAUSTER_PORT', '1e3'],
    ['CLAUSTER_PORT', ' 80'],
    ['CLAUSTER_PORT', ''],
    ['CLAUSTER_AUTH_ENABLED', 'yes'],
    ['CLAUSTER_AUTH_ENABLED', 'True'],
    ['CLAUSTER_AUTH_ENABLED', '1'],
  ];
  for (const [name, value] of strict) {
    it(`applyEnvOverrides() refuses ${name}=${JSON.stringify(value)}`, async () => {
      const result = await applyEnvOverrides({}, { cwd: root.path }, deps({ [name]: value }));
      assert.equal(result.problems.length, 1);
      assert.match(result.problems[0]?.path ?? '', new RegExp(`\\(from ${name}\\)`));
    });
  }

  it('applyEnvOverrides() lets the _FILE form win and strips trailing whitespace', async () => {
    const file = join(root.path, 'hash.txt');
    await writeFile(file, `${'f'.repeat(64)}\n\n  `);
    const result = await applyEnvOverrides(
      {},
      { cwd: root.path },
      deps({
        CLAUSTER_AUTH_API_TOKEN_HASH: 'e'.repeat(64),
        CLAUSTER_AUTH_API_TOKEN_HASH_FILE: 'hash.txt',
      }),
    );
    assert.deepEqual(result.raw, { auth: { api_token_hash: 'f'.repeat(64) } });
  });

  it('applyEnvOverrides() names the _FILE variable when a bad value came from it', async () => {
    await writeFile(join(root.path, 'portfile'), 'abc\n');
    const envs: Record<string, string>[] = [
      { CLAUSTER_PORT_FILE: 'portfile' },
      { CLAUSTER_PORT: '80', CLAUSTER_PORT_FILE: 'portfile' },
    ];
    for (const env of envs) {
      const result = await applyEnvOverrides({}, { cwd: root.path }, deps(env));
      assert.equal(result.problems.length, 1);
      assert.equal(result.problems[0]?.path, 'port (from CLAUSTER_PORT_FILE)');
      assert.equal(result.problems[0]?.found, 'the string "abc"');
    }
  });

  it('applyEnvOverrides() treats an unreadable _FILE as fatal', async () => {
    const missing = await applyEnvOverrides(
      {},
      { cwd: root.path },
      deps({ CLAUSTER_AUTH_PASSWORD_HASH_FILE: 'missing.txt' }),
    );
    assert.equal(missing.problems[0]?.path, '(env) CLAUSTER_AUTH_PASSWORD_HASH_FILE');
    assert.match(missing.problems[0]?.found ?? '', /ENOENT/);
    const dir = await applyEnvOverrides(
      {},
      { cwd: root.path },
      deps({ CLAUSTER_LOG_LEVEL_FILE: root.path }),
    );
    assert.equal(dir.problems.length, 1);
  });

  it('applyEnvOverrides() treats CLAUSTER_X_SECRET_FILE as the path leaf when it is one', async () => {
    const result = await applyEnvOverrides(
      {},
      { cwd: root.path },
      deps({ CLAUSTER_AUTH_REVERSE_PROXY_SHARED_SECRET_FILE: 'p.secret' }),
    );
    assert.deepEqual(result.raw, { auth: { reverse_proxy: { shared_secret_file: 'p.secret' } } });
  });

  it('applyEnvOverrides() warns about unknown CLAUSTER_ variables with a hint', async () => {
    const result = await applyEnvOverrides(
      {},
      { cwd: root.path },
      deps({
        CLAUSTER_PROT: '1',
        CLAUSTER_CONFIG: 'x',
        CLAUSTER_HOME: root.path,
        CLAUSTER_RESTART_ON_EXIT: '1',
        CLAUSTER_TOKEN: 'x',
        CLAUSTER_TOKEN_FILE: 'token.txt',
        CLAUSTER_REDACTOR: 'js',
      }),
    );
    assert.deepEqual(result.warnings, [
      '(env) CLAUSTER_PROT: not a config variable; ignored (did you mean CLAUSTER_PORT?)',
    ]);
  });
});

describe('loadConfig() with env overrides', () => {
  it('loadConfig() applies env over the file and validates the result strictly', async () => {
    const path = join(root.path, 'clauster.yml');
    await writeFile(path, 'port: 7000\nlog_level: debug\n');
    const loaded = await loadConfig({ cwd: root.path }, deps({ CLAUSTER_PORT: '7001' }));
    assert.equal(loaded.source, path);
    assert.deepEqual([loaded.config.port, loaded.config.log_level], [7001, 'debug']);
    await assert.rejects(
      loadConfig({ cwd: root.path }, deps({ CLAUSTER_LOG_FORMAT: 'xml' })),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.match(
          error.message,
          /^log_format \(from CLAUSTER_LOG_FORMAT\): expected one of "text", "json", found the string "xml"$/m,
        );
        return true;
      },
    );
  });

  it('loadConfig() never echoes a secret given through env', async () => {
    const fake = `FAKE${'9'.repeat(30)}`;
    await assert.rejects(
      loadConfig({ cwd: root.path }, deps({ CLAUSTER_AUTH_API_TOKEN_HASH: fake })),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.equal(error.message.includes(fake), false);
        assert.match(
          error.message,
          /auth\.api_token_hash \(from CLAUSTER_AUTH_API_TOKEN_HASH\): .*found <redacted>/,
        );
        return true;
      },
    );
  });
});

describe('findEnvOverride()', () => {
  it('names the variable loading would use: the _FILE form wins over the plain one', () => {
    assert.equal(findEnvOverride(['port'], {}), null);
    assert.equal(findEnvOverride(['port'], { CLAUSTER_PORT: '1' }), 'CLAUSTER_PORT');
    assert.equal(
      findEnvOverride(['port'], { CLAUSTER_PORT: '1', CLAUSTER_PORT_FILE: 'p' }),
      'CLAUSTER_PORT_FILE',
    );
  });

  it('does not take a leaf whose own name ends in _FILE for a file form', () => {
    const path = ['auth', 'reverse_proxy', 'shared_secret'];
    const env = { CLAUSTER_AUTH_REVERSE_PROXY_SHARED_SECRET_FILE: 'p.secret' };
    assert.equal(findEnvOverride(path, env), null);
  });
});
