import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fsp from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { main } from '../../src/cli/main.js';
import { nodeProcesses } from '../../src/system/node.js';
import type { Processes, ProcessIdentity } from '../../src/system/ports.js';
import { createTestIo } from '../support/cli-io.js';
import { makeTempDir } from '../support/temp.js';

const URL = 'https://claude.ai/code/session_01FakeSesAbCdEfGh';
const BOOT = 'fake-boot-id';

interface Fixture {
  id: string;
  project: string;
  status: string;
  url: string | null;
  pid: number | null;
  started?: string;
}

// Pids 1000+ are "alive" remote-control processes for the fake Processes port.
const FAKE_PROCESSES: Processes = {
  signal: () => true,
  async identity(pid: number): Promise<ProcessIdentity | null> {
    if (pid < 1000) return null;
    return { pid, startTicks: pid * 10, bootId: BOOT, cmdline: ['claude', 'remote-control'] };
  },
  placement: async () => null,
};

function record(f: Fixture) {
  return {
    id: f.id,
    project: f.project,
    status: f.status,
    url: f.url,
    pid: f.pid,
    started_at: `2026-07-01T${f.started ?? '10:00'}:00.000Z`,
    stopped_at: null,
    reason: null,
    permission_mode: 'default',
    spawn_mode: 'same-dir',
    name: null,
    cwd: `/tmp/${f.project}`,
    argv: [],
    log_dir: `/tmp/logs/${f.id}`,
    proc_start_ticks: f.pid === null ? null : f.pid * 10,
    boot_id: BOOT,
    intentional_stop: false,
  };
}

describe('runOpen()', () => {
  let dir: { path: string; cleanup(): Promise<void> };
  let configPath: string;
  let stateDir: string;
  beforeEach(async () => {
    dir = await makeTempDir();
    stateDir = join(dir.path, 'state');
    configPath = join(dir.path, 'clauster.yml');
    await fsp.writeFile(configPath, `state_dir: ${stateDir}\n`);
    await fsp.mkdir(stateDir, { recursive: true, mode: 0o700 });
  });
  afterEach(async () => {
    await dir.cleanup();
  });

  async function writeBridges(fixtures: Fixture[] | object[]): Promise<void> {
    const bridges = fixtures.map((f) => ('log_dir' in f ? f : record(f as Fixture)));
    const doc = JSON.stringify({ schema_version: 1, bridges });
    await fsp.writeFile(join(stateDir, 'bridges.json'), doc);
  }

  async function open(argv: string[], options: { isTTY?: boolean; real?: boolean } = {}) {
    const processes = options.real ? nodeProcesses : FAKE_PROCESSES;
    const t = createTestIo({
      home: dir.path,
      env: { CLAUSTER_CONFIG: configPath },
      isTTY: options.isTTY ?? false,
      deps: { processes },
    });
    const code = await main(['open', ...argv], t.io);
    return { code, stdout: t.stdout(), stderr: t.stderr() };
  }

  const LIVE = { id: 'br-abcdefghijkl', project: 'demo', status: 'running', url: URL, pid: 1001 };

  it('runOpen() prints exactly the URL for a full id, an id prefix or a project name', async () => {
    const stopped = { ...LIVE, id: 'br-abcdzzzzzzzz', status: 'stopped', pid: null, url: null };
    await writeBridges([{ ...stopped, started: '12:00' }, LIVE]);
    for (const ref of ['br-abcdefghijkl', 'br-abcde', 'demo']) {
      const run = await open([ref]);
      assert.deepEqual(run, { code: 0, stdout: `${URL}\n`, stderr: '' }, ref);
    }
    const tty = await open(['demo'], { isTTY: true });
    assert.equal(tty.stdout, `${URL}\n`);
    assert.match(tty.stderr, /^note: this URL leads into the session; keep it out of shared/);
  });

  it('runOpen() --json prints {bridge, project, status, url} and no note', async () => {
    await writeBridges([LIVE]);
    const run = await open(['demo', '--json'], { isTTY: true });
    assert.equal(run.code, 0);
    assert.deepEqual(JSON.parse(run.stdout), {
      bridge: 'br-abcdefghijkl',
      project: 'demo',
      status: 'running',
      url: URL,
    });
    assert.equal(run.stderr, '');
  });

  it('runOpen() --qr draws half blocks above the URL; --invert swaps them', async () => {
    await writeBridges([LIVE]);
    const run = await open(['demo', '--qr']);
    assert.equal(run.code, 0);
    const lines = run.stdout.trimEnd().split('\n');
    assert.equal(lines.at(-1), URL);
    assert.ok(lines.length > 10, run.stdout);
    assert.match(run.stdout, /[█▀▄]/);
    assert.ok(!run.stdout.includes('\u001b'));
    // Light-on-dark by default: the quiet zone (top row) is drawn in full blocks.
    assert.match(lines[0] ?? '', /^█+$/);
    const inverted = await open(['demo', '--qr', '--invert']);
    assert.match(inverted.stdout.split('\n')[0] ?? '', /^ +$/);
    assert.equal(inverted.stdout.trimEnd().split('\n').at(-1), URL);
  });

  it('runOpen() refuses a stopped, crashed, gone or URL-less bridge with 1', async () => {
    const cases: Array<[Partial<Fixture>, RegExp]> = [
      [{ status: 'stopped', pid: null }, /is stopped; start it with `clauster start demo`/],
      [{ status: 'crashed', pid: null }, /is crashed; start it/],
      [{ status: 'running', pid: 17 }, /recorded as running but its process is gone/],
      [{ status: 'starting', url: null }, /no connect URL yet \(it is starting; try again/],
    ];
    for (const [change, message] of cases) {
      await writeBridges([{ ...LIVE, ...change }]);
      const run = await open(['demo']);
      assert.equal(run.code, 1, String(message));
      assert.equal(run.stdout, '');
      assert.match(run.stderr, message);
      assert.doesNotMatch(run.stderr, /session_|https:/);
    }
  });

  it('runOpen() refuses an ambiguous ref with 2, listing ids without URLs', async () => {
    const other = { ...LIVE, id: 'br-abcdzzzzzzzz', pid: 1002 };
    await writeBridges([LIVE, other]);
    for (const [ref, message] of [
      ['demo', /"demo" has 2 live bridges; give the bridge id:/],
      ['br-abcd', /"br-abcd" matches 2 bridges/],
    ] as const) {
      const run = await open([ref]);
      assert.equal(run.code, 2, ref);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, message);
      assert.match(run.stderr, /br-abcdefghijkl {2}demo {2}running\n {2}br-abcdzzzzzzzz/);
      assert.doesNotMatch(run.stderr, /session_|https:/);
    }
  });

  it('runOpen() refuses a recorded URL that is not a connect URL, printing nothing', async () => {
    for (const url of [
      'http://evil.example/code/session_01FakeSesAbCdEfGh',
      `${URL}\u001b[2J\u001b]0;pwned\u0007`,
      `\u001b[1A${URL}`,
    ]) {
      await writeBridges([{ ...LIVE, url }]);
      for (const argv of [['demo'], ['demo', '--qr'], ['demo', '--json']]) {
        const run = await open(argv);
        assert.equal(run.code, 1, JSON.stringify(url));
        // --json prints the error body, which names the refusal but never the URL.
        if (argv.includes('--json')) {
          assert.equal(JSON.parse(run.stdout).error.code, 'bad-url');
          assert.doesNotMatch(run.stdout, /evil|session_|\\u001b/);
        } else assert.equal(run.stdout, '');
        assert.match(run.stderr, /not a claude\.ai\/code connect URL; refusing to show it/);
        assert.ok(!run.stderr.includes('\u001b'));
        assert.doesNotMatch(run.stderr, /evil|session_/);
      }
    }
  });

  it('runOpen() exits 1 for an unknown ref and 2 for usage errors', async () => {
    await writeBridges([LIVE]);
    const cases: Array<[string[], number, RegExp]> = [
      [['nope'], 1, /project "nope" has no bridge/],
      [['br-zzzzzzzzzzzz'], 1, /no bridge br-zzzzzzzzzzzz in bridges\.json/],
      [[], 2, /missing <project\|bridge-id>/],
      [['demo', '--json', '--qr'], 2, /--json cannot be combined with --qr/],
      [['demo', '--invert'], 2, /--invert only changes the QR code/],
      [['demo', 'extra'], 2, /unexpected argument 'extra'/],
    ];
    for (const [argv, code, message] of cases) {
      const run = await open(argv);
      assert.equal(run.code, code, argv.join(' '));
      if (argv.includes('--json')) {
        const error = { code: 'invalid-option', message: '--json cannot be combined with --qr' };
        assert.equal(run.stdout, `${JSON.stringify({ error }, null, 2)}\n`);
      } else assert.equal(run.stdout, '');
      assert.match(run.stderr, message);
    }
  });

  it('runOpen() checks a real process like `clauster status` does', async () => {
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', 'remote-control']);
    try {
      const pid = child.pid as number;
      const identity = await nodeProcesses.identity(pid);
      assert.ok(identity !== null);
      const live = { ...record({ ...LIVE, pid }), proc_start_ticks: identity.startTicks };
      await writeBridges([{ ...live, boot_id: identity.bootId }]);
      assert.deepEqual(await open(['demo'], { real: true }), {
        code: 0,
        stdout: `${URL}\n`,
        stderr: '',
      });
      // The same pid with another start time is a recycled pid, not the bridge.
      await writeBridges([{ ...live, boot_id: identity.bootId, proc_start_ticks: 1 }]);
      const recycled = await open(['demo'], { real: true });
      assert.equal(recycled.code, 1);
      assert.match(recycled.stderr, /its process is gone/);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
