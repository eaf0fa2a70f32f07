import assert from 'node:assert/strict';
import * as fsp from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  type BridgePointer,
  checkPointerWriter,
  isPointerKeyFor,
  readBridgePointer,
  readPointersFor,
  runsBridgeCommand,
  toPointerKey,
} from '../../src/claude/bridge-pointer.js';
import type { ProcessIdentity } from '../../src/system/ports.js';
import { writeBridgePointer } from '../support/bridge-pointer.js';
import { sanitizeProjectPath } from '../support/fake-claude.js';
import { useTempDir } from '../support/temp.js';

const LONG = `/srv/${'deep-folder/'.repeat(20)}project`;

describe('toPointerKey()', () => {
  it('toPointerKey() replaces every non-alphanumeric character with a dash', () => {
    assert.equal(toPointerKey('/srv/my_proj.v2'), '-srv-my-proj-v2');
    assert.equal(toPointerKey('/srv/é x'), '-srv---x');
  });

  it('toPointerKey() cuts a long path to 200 characters plus a hash suffix, like the fake', () => {
    const key = toPointerKey(LONG);
    assert.match(key, /^.{200}-[a-z0-9]+$/);
    assert.equal(key, sanitizeProjectPath(LONG));
    assert.notEqual(toPointerKey(`${LONG}2`), key);
  });
});

describe('isPointerKeyFor()', () => {
  it('isPointerKeyFor() matches a short path exactly and a long one by its cut prefix', () => {
    assert.equal(isPointerKeyFor('-srv-app', '/srv/app'), true);
    assert.equal(isPointerKeyFor('-srv-app2', '/srv/app'), false);
    const prefix = toPointerKey(LONG).slice(0, 200);
    assert.equal(isPointerKeyFor(`${prefix}-otherhash`, LONG), true);
    assert.equal(isPointerKeyFor(prefix, LONG), false);
    assert.equal(isPointerKeyFor(`${prefix}-a.b`, LONG), false);
  });
});

describe('readBridgePointer()', () => {
  const temp = useTempDir('clauster-pointer-');

  const cases: Array<[string, string | null, string, RegExp | null]> = [
    ['a missing file', null, 'missing', null],
    ['invalid JSON', '{"pid": ', 'malformed', /not valid JSON/],
    ['an array', '[1]', 'malformed', /expected a JSON object/],
    ['a pointer', '{"pid": 42, "environmentId": "env_01x", "procStart": "77"}', 'ok', null],
  ];
  for (const [name, text, kind, why] of cases) {
    it(`readBridgePointer() reads ${name} as ${kind}`, async () => {
      const path = join(temp.path, 'bridge-pointer.json');
      if (text !== null) await fsp.writeFile(path, text);
      const read = await readBridgePointer(path, { fs: fsp });
      assert.equal(read.kind, kind);
      if (why && 'why' in read) assert.match(read.why, why);
      if (read.kind === 'ok') {
        assert.deepEqual(read.pointer, { pid: 42, environmentId: 'env_01x', procStart: '77' });
      }
    });
  }

  it('readBridgePointer() reports an unreadable path without its content', async () => {
    const path = join(temp.path, 'bridge-pointer.json');
    await fsp.mkdir(path);
    const read = await readBridgePointer(path, { fs: fsp });
    assert.equal(read.kind, 'unreadable');
    if (read.kind === 'unreadable') assert.equal(read.why, 'EISDIR');
  });

  it('readBridgePointer() keeps only a positive integer pid', async () => {
    const path = join(temp.path, 'bridge-pointer.json');
    await fsp.writeFile(path, '{"pid": "12", "procStart": 5}');
    const read = await readBridgePointer(path, { fs: fsp });
    assert.ok(read.kind === 'ok');
    assert.deepEqual(read.pointer, { pid: null, environmentId: null, procStart: '5' });
  });
});

describe('readPointersFor()', () => {
  const temp = useTempDir('clauster-pointer-');

  it('readPointersFor() reads under $CLAUDE_CONFIG_DIR when set, else ~/.claude', async () => {
    const home = join(temp.path, 'home');
    const configDir = join(temp.path, 'config');
    await writeBridgePointer(home, '/srv/app', { pid: 11 });
    await writeBridgePointer(home, '/srv/app', { pid: 22 }, configDir);
    const fromHome = await readPointersFor('/srv/app', { fs: fsp, env: {}, home });
    const fromConfig = await readPointersFor('/srv/app', {
      fs: fsp,
      env: { CLAUDE_CONFIG_DIR: configDir },
      home,
    });
    const pids = (reads: typeof fromHome) =>
      reads.map((r) => (r.kind === 'ok' ? r.pointer.pid : r.kind));
    assert.deepEqual(pids(fromHome), [11]);
    assert.deepEqual(pids(fromConfig), [22]);
    assert.deepEqual(await readPointersFor('/srv/other', { fs: fsp, env: {}, home }), []);
  });

  it('readPointersFor() finds a long path under any hash suffix', async () => {
    const home = join(temp.path, 'home');
    const folder = `${toPointerKey(LONG).slice(0, 200)}-bunhash`;
    const dir = join(home, '.claude', 'projects', folder);
    await fsp.mkdir(dir, { recursive: true });
    await fsp.writeFile(join(dir, 'bridge-pointer.json'), '{"pid": 33}');
    const reads = await readPointersFor(LONG, { fs: fsp, env: {}, home });
    assert.deepEqual(
      reads.map((r) => r.kind === 'ok' && r.pointer.pid),
      [33],
    );
  });
});

describe('runsBridgeCommand()', () => {
  const cases: Array<[string[], boolean]> = [
    [['claude', 'remote-control'], true],
    [['/usr/bin/node', '/opt/claude/cli.js', 'rc', '--name', 'x'], true],
    [['claude', '--remote-control', 'x'], false],
    [['claude', '--remote-control-session-name-prefix', 'p'], false],
    [['/opt/remote-control/bin/claude'], false],
    [['remote-control'], false],
  ];
  for (const [cmdline, expected] of cases) {
    it(`runsBridgeCommand() is ${expected} for ${JSON.stringify(cmdline)}`, () => {
      assert.equal(runsBridgeCommand(cmdline), expected);
    });
  }
});

describe('checkPointerWriter()', () => {
  const bridgeCmd = ['claude', 'remote-control', '--name', 'x'];
  const pointer = (pid: number | null, procStart: string | null): BridgePointer => ({
    pid,
    environmentId: null,
    procStart,
  });
  const live =
    (startTicks: number, cmdline = ['node', 'other.js']) =>
    async (pid: number) =>
      ({ pid, startTicks, bootId: 'b', cmdline }) satisfies ProcessIdentity;
  const cases: Array<
    [string, BridgePointer, (pid: number) => Promise<ProcessIdentity | null>, string]
  > = [
    ['no pid', pointer(null, '5'), live(5), 'dead'],
    ['a dead pid', pointer(7, '5'), async () => null, 'dead'],
    ['the same start ticks', pointer(7, '5'), live(5), 'same'],
    ['no start time (pid only)', pointer(7, null), live(5), 'unverified'],
    [
      'a start time in another format',
      pointer(7, 'Tue Mar  3 10:00:00 2026'),
      live(5),
      'unverified',
    ],
    ['start ticks with a leading zero', pointer(7, '05'), live(5), 'same'],
    ['a fractional start time', pointer(7, '5.0'), live(5), 'unverified'],
    ['an empty start time', pointer(7, ''), live(5), 'unverified'],
    ['an unreadable start time of the live pid', pointer(7, '5'), live(Number.NaN), 'unverified'],
    ['other start ticks (recycled pid)', pointer(7, '4'), live(5), 'dead'],
    [
      'other start ticks but a remote-control command line',
      pointer(7, '4'),
      live(5, bridgeCmd),
      'unverified',
    ],
  ];
  for (const [name, given, identityOf, expected] of cases) {
    it(`checkPointerWriter() answers ${expected} for ${name}`, async () => {
      assert.equal(await checkPointerWriter(given, identityOf), expected);
    });
  }
});
