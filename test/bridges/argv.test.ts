import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type BridgeLaunch,
  buildBridgeArgv,
  buildBridgeEnv,
  isBridgePermissionMode,
} from '../../src/bridges/argv.js';

const BASE: BridgeLaunch = {
  name: 'app',
  permissionMode: 'default',
  spawnMode: 'same-dir',
  capacity: 32,
  debugFile: '/state/logs/br-x/debug.log',
};

describe('buildBridgeArgv()', () => {
  it('buildBridgeArgv() builds the remote-control command line in order', () => {
    assert.deepEqual(buildBridgeArgv(BASE), [
      'remote-control',
      '--name',
      'app',
      '--permission-mode',
      'default',
      '--spawn',
      'same-dir',
      '--capacity',
      '32',
      '--debug-file',
      '/state/logs/br-x/debug.log',
    ]);
  });

  it('buildBridgeArgv() passes no --permission-mode for inherit', () => {
    const argv = buildBridgeArgv({ ...BASE, permissionMode: 'inherit' });
    assert.ok(!argv.includes('--permission-mode'));
    assert.ok(!argv.includes('inherit'));
  });

  it('buildBridgeArgv() passes --capacity and the name prefix only for same-dir and worktree', () => {
    const worktree = buildBridgeArgv({
      ...BASE,
      spawnMode: 'worktree',
      capacity: 4,
      sessionNamePrefix: 'nas',
    });
    assert.deepEqual(worktree.slice(5), [
      '--spawn',
      'worktree',
      '--capacity',
      '4',
      '--remote-control-session-name-prefix=nas',
      '--debug-file',
      BASE.debugFile,
    ]);
    const session = buildBridgeArgv({
      ...BASE,
      spawnMode: 'session',
      capacity: 4,
      sessionNamePrefix: 'nas',
    });
    assert.ok(!session.includes('--capacity'));
    assert.ok(!session.some((arg) => arg.startsWith('--remote-control-session-name-prefix')));
    assert.equal(session.at(-1), BASE.debugFile);
  });

  it('buildBridgeArgv() adds --verbose when asked', () => {
    assert.ok(buildBridgeArgv({ ...BASE, verbose: true }).includes('--verbose'));
    assert.ok(!buildBridgeArgv(BASE).includes('--verbose'));
  });

  it('buildBridgeArgv() keeps a hostile name as one argument', () => {
    const argv = buildBridgeArgv({ ...BASE, name: 'x; rm -rf / --bogus' });
    assert.equal(argv[2], 'x; rm -rf / --bogus');
  });

  it('buildBridgeArgv() refuses an unknown permission or spawn mode', () => {
    assert.throws(
      () => buildBridgeArgv({ ...BASE, permissionMode: 'yolo' as 'default' }),
      /permission_mode: expected one of/,
    );
    assert.throws(
      () => buildBridgeArgv({ ...BASE, spawnMode: 'fork' as 'session' }),
      /spawn_mode: expected one of/,
    );
  });
});

describe('isBridgePermissionMode()', () => {
  it('isBridgePermissionMode() accepts the six CLI modes plus inherit', () => {
    for (const mode of [
      'inherit',
      'default',
      'acceptEdits',
      'plan',
      'auto',
      'dontAsk',
      'bypassPermissions',
    ]) {
      assert.equal(isBridgePermissionMode(mode), true, mode);
    }
    for (const mode of ['', 'bypass', 'Default', null, 1])
      assert.equal(isBridgePermissionMode(mode), false);
  });
});

describe('buildBridgeEnv()', () => {
  const secret = `clauster_pat_${'FAKE'.repeat(8)}`;
  const parent = {
    HOME: '/home/u',
    PATH: '/usr/bin:/bin',
    LANG: 'C.UTF-8',
    CLAUSTER_SESSION_SECRET: 'x'.repeat(40),
    CLAUSTER_TOKEN: secret,
    clauster_lower: 'y',
    CLAUSTER_CONFIG: '/etc/clauster.yml',
    COPIED_TOKEN: `Bearer ${secret}`,
    EMPTY: undefined,
  };

  it('buildBridgeEnv() drops every CLAUSTER_* variable and keeps the rest', () => {
    const { env, dropped } = buildBridgeEnv(parent);
    assert.deepEqual(Object.keys(env).sort(), ['COPIED_TOKEN', 'HOME', 'LANG', 'PATH']);
    assert.deepEqual(dropped, [
      'CLAUSTER_CONFIG',
      'CLAUSTER_SESSION_SECRET',
      'CLAUSTER_TOKEN',
      'clauster_lower',
    ]);
  });

  it('buildBridgeEnv() drops any variable carrying a dashboard secret value', () => {
    const { env, dropped } = buildBridgeEnv(parent, { secretValues: [secret, 'short'] });
    assert.equal(env.COPIED_TOKEN, undefined);
    assert.ok(dropped.includes('COPIED_TOKEN'));
    assert.equal(env.LANG, 'C.UTF-8');
  });

  it('buildBridgeEnv() overlays claude.env but never lets it re-add a CLAUSTER_* variable', () => {
    const { env, dropped } = buildBridgeEnv(parent, {
      extraEnv: { FAKE_CLAUDE_OUTPUT: 'plain', LANG: 'en_US.UTF-8', CLAUSTER_TOKEN: 'back' },
    });
    assert.equal(env.FAKE_CLAUDE_OUTPUT, 'plain');
    assert.equal(env.LANG, 'en_US.UTF-8');
    assert.equal(env.CLAUSTER_TOKEN, undefined);
    assert.ok(dropped.includes('CLAUSTER_TOKEN'));
  });

  it('buildBridgeEnv() appends claude.path_append to PATH', () => {
    assert.equal(
      buildBridgeEnv(parent, { pathAppend: ['/opt/node/bin', ''] }).env.PATH,
      '/usr/bin:/bin:/opt/node/bin',
    );
    assert.equal(
      buildBridgeEnv({}, { pathAppend: ['/opt/a', '/opt/b'] }).env.PATH,
      '/opt/a:/opt/b',
    );
    assert.equal(buildBridgeEnv({ PATH: '/bin' }).env.PATH, '/bin');
  });
});
