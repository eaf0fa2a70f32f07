import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { configSchema } from '../../src/config/schema.js';
import {
  checkSessionSecretSource,
  locateSessionSecret,
  measureSessionSecret,
} from '../../src/config/session-secret-rules.js';
import { recordReadFile } from '../support/counting-fs.js';
import { useTempDir } from '../support/temp.js';

const temp = useTempDir();

function configOf(auth: Record<string, unknown>) {
  return configSchema.parse({ state_dir: join(temp.path, 'state'), auth });
}

async function makeState(): Promise<string> {
  const state = join(temp.path, 'state');
  await fs.mkdir(state);
  return state;
}

// Where run finds the secret, whether it reads it, and what keeps it from using it.
async function inspectSessionSecret(
  config: Parameters<typeof locateSessionSecret>[0],
  deps: { fs: typeof fs; env: Record<string, string> },
) {
  const { source, used } = locateSessionSecret(config, deps.env);
  return { source, used, fault: await measureSessionSecret(source, deps.fs) };
}

describe('locateSessionSecret() and measureSessionSecret()', () => {
  it('inspectSessionSecret() finds nothing wrong with a generated secret not made yet', async () => {
    await makeState();
    const state = await inspectSessionSecret(configOf({ enabled: true }), { fs, env: {} });
    assert.deepEqual(state, {
      source: {
        origin: 'state_dir',
        file: join(temp.path, 'state', 'session.secret'),
        generated: true,
      },
      used: true,
      fault: null,
    });
  });

  it('inspectSessionSecret() measures the generated file while auth and webhooks are off, as unused', async () => {
    const state = await makeState();
    await fs.writeFile(join(state, 'session.secret'), 'tiny12\n');
    const found = await inspectSessionSecret(configOf({ enabled: false }), { fs, env: {} });
    assert.equal(found.used, false);
    assert.deepEqual(found.fault, { kind: 'short', bytes: 6 });
  });

  it('inspectSessionSecret() tells a missing file set on purpose from a dangling link or a directory', async () => {
    const state = await makeState();
    const cases: Array<[string, () => Promise<unknown>, unknown]> = [
      ['absent', async () => {}, { kind: 'unreadable', code: 'ENOENT' }],
      [
        'dangling',
        () => fs.symlink(join(state, 'unmounted', 's'), join(state, 'dangling')),
        { kind: 'dangling' },
      ],
      ['folder', () => fs.mkdir(join(state, 'folder')), { kind: 'unreadable', code: 'EISDIR' }],
    ];
    for (const [name, make, fault] of cases) {
      await make();
      const config = configOf({ session_secret_file: join(state, name) });
      const found = await inspectSessionSecret(config, { fs, env: {} });
      assert.deepEqual(
        [found.source.origin, found.used, found.fault],
        ['auth.session_secret_file', true, fault],
        name,
      );
    }
  });

  it('inspectSessionSecret() measures CLAUSTER_SESSION_SECRET as the sealer does', async () => {
    const env = { CLAUSTER_SESSION_SECRET: 'short-fake' };
    const found = await inspectSessionSecret(configOf({ enabled: false }), { fs, env });
    assert.deepEqual(
      [found.source.origin, found.used, found.fault],
      ['CLAUSTER_SESSION_SECRET', true, { kind: 'short', bytes: 10 }],
    );
  });
});

describe('checkSessionSecretSource()', () => {
  it('checkSessionSecretSource() refuses a FIFO at session.secret while auth is on, without opening it', {
    timeout: 10_000,
  }, async () => {
    const state = await makeState();
    const generated = join(state, 'session.secret');
    execFileSync('mkfifo', [generated]);
    assert.deepEqual(await checkSessionSecretSource(configOf({ enabled: true }), { fs, env: {} }), [
      {
        path: 'state_dir',
        expected: 'a regular file (or none: one is created)',
        found: `${generated} is not a regular file (a FIFO? a device?)`,
      },
    ]);
    const found = await inspectSessionSecret(configOf({ enabled: false }), { fs, env: {} });
    assert.deepEqual([found.used, found.fault], [false, { kind: 'not-a-file' }]);
  });

  it('checkSessionSecretSource() offers "or none" for a dangling generated file only', async () => {
    const state = await makeState();
    const generated = join(state, 'session.secret');
    await fs.symlink(join(state, 'unmounted', 'g'), generated);
    const set = join(state, 'set.secret');
    await fs.symlink(join(state, 'unmounted', 's'), set);
    assert.deepEqual(await checkSessionSecretSource(configOf({ enabled: true }), { fs, env: {} }), [
      {
        path: 'state_dir',
        expected: 'a readable file (or none: one is created)',
        found: `a symbolic link to a missing file at ${generated}`,
      },
    ]);
    const config = configOf({ enabled: true, session_secret_file: set });
    assert.deepEqual(await checkSessionSecretSource(config, { fs, env: {} }), [
      {
        path: 'auth.session_secret_file',
        expected: 'a readable file',
        found: `a symbolic link to a missing file at ${set}`,
      },
    ]);
  });

  it('checkSessionSecretSource() leaves the generated file alone while auth and webhooks are off', async () => {
    const state = await makeState();
    await fs.writeFile(join(state, 'session.secret'), 'tiny12\n');
    // Never read (a FIFO there would hang the check otherwise): every read is recorded.
    const { fs: recording, read } = recordReadFile(fs);
    assert.deepEqual(
      await checkSessionSecretSource(configOf({ enabled: false }), { fs: recording, env: {} }),
      [],
    );
    assert.deepEqual(read, []);
  });

  it('checkSessionSecretSource() says "an error" for a read error without an errno code', async () => {
    const state = await makeState();
    // There to be read (the stat before the read finds it); the read itself fails.
    await fs.writeFile(join(state, 'session.secret'), `${'s'.repeat(40)}\n`);
    const failing = {
      ...fs,
      readFile: (async () => {
        throw new Error('boom');
      }) as unknown as typeof fs.readFile,
    };
    const problems = await checkSessionSecretSource(configOf({ enabled: true }), {
      fs: failing,
      env: {},
    });
    assert.deepEqual(
      problems.map((p) => p.found),
      [`an error reading ${join(state, 'session.secret')}`],
    );
  });
});
