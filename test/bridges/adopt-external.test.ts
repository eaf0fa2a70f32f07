// adoptExternalBridge() through Supervisor.adopt() with a fake Processes port: every refusal,
// option read-back in both flag forms, and the spawn mode a bridge without --spawn runs with.
import assert from 'node:assert/strict';
import * as fsp from 'node:fs/promises';
import { describe, it } from 'node:test';
import { startLogMaintenance } from '../../src/bridges/log-maintenance.js';
import type { SupervisorOptions } from '../../src/bridges/supervisor.js';
import { configSchema } from '../../src/config/schema.js';
import type { Fs } from '../../src/system/ports.js';
import {
  BRIDGE,
  ENV_ID,
  type FakeProcess,
  makeAdoptWorld,
  TICKS,
  type WorldOptions,
} from '../support/adopt-world.js';
import { useTempDir } from '../support/temp.js';

const root = useTempDir('clauster-adopt-');

function makeWorld(options: WorldOptions = {}, overrides: Partial<SupervisorOptions> = {}) {
  return makeAdoptWorld(root.path, options, overrides);
}

interface Refusal {
  name: string;
  process?: Partial<FakeProcess>;
  pointer?: Record<string, unknown> | null;
  trusted?: boolean;
  overrides?: Partial<SupervisorOptions>;
  project?: string;
  code: string;
  detail: RegExp;
}

const REFUSALS: Refusal[] = [
  { name: 'an unknown project', project: 'nope', code: 'unknown-project', detail: /nope/ },
  { name: 'no pointer', pointer: null, code: 'nothing-to-adopt', detail: /no live/ },
  {
    name: 'an untrusted project, as a start does',
    trusted: false,
    code: 'untrusted',
    detail:
      /^project app: the claude CLI does not trust .*app \(not-granted\); trust first .*`clauster trust app`/,
  },
  {
    name: 'a cwd and group read from another process than the identity',
    process: { placementTicks: TICKS + 1 },
    code: 'nothing-to-adopt',
    detail: /pid 4242 ended or was replaced before it could be adopted/,
  },
  {
    name: 'a pointer without a start time (unverified writer)',
    pointer: { procStart: undefined },
    code: 'unverified-bridge',
    detail: /ps -o pid,lstart,args -p 4242/,
  },
  {
    name: 'a pointer whose start time differs on a process running a bridge (unverified)',
    pointer: { procStart: String(TICKS + 5) },
    code: 'unverified-bridge',
    detail:
      /^project app: pid 4242 is alive .* \(no matching start time\); check it with `ps -o pid,lstart,args -p 4242`, then stop it/,
  },
  {
    name: 'a command line that is no bridge',
    process: { cmdline: ['node', '/opt/claude/cli.js', '--print', 'remote-control'] },
    code: 'not-adoptable',
    detail: /not a `claude remote-control` bridge/,
  },
  {
    name: 'the pty flag form of an interactive claude',
    process: { cmdline: ['claude', '--remote-control', '--name', 'rc'] },
    code: 'not-adoptable',
    detail: /interactive `claude --remote-control`/,
  },
  {
    name: 'another working directory (pointer keys are lossy)',
    process: { cwd: '/srv/my.app' },
    code: 'not-adoptable',
    detail: /runs in \/srv\/my\.app, not in/,
  },
  {
    name: 'an unreadable working directory',
    process: { cwd: null },
    code: 'not-adoptable',
    detail: /an unreadable directory/,
  },
  {
    name: 'an unknown --spawn value',
    process: { cmdline: [...BRIDGE, '--spawn=elsewhere'] },
    code: 'not-adoptable',
    detail: /--spawn "elsewhere": expected one of same-dir, worktree, session/,
  },
  {
    name: 'an unknown flag',
    process: { cmdline: [...BRIDGE, '--continue'] },
    code: 'not-adoptable',
    detail: /"--continue", which clauster does not know/,
  },
  {
    name: 'bypassPermissions over the project ceiling',
    process: { cmdline: [...BRIDGE, '--permission-mode', 'bypassPermissions'] },
    code: 'bypass-refused',
    detail: /allow_bypass_permissions: true/,
  },
  {
    name: 'the max_bridges cap',
    overrides: { maxBridges: 0 },
    code: 'max-bridges',
    detail: /max_bridges: 0/,
  },
];

describe('Supervisor.adopt() checks', () => {
  for (const c of REFUSALS) {
    it(`adopt() refuses ${c.name} (${c.code}) and records nothing`, async () => {
      const world = { process: c.process, pointer: c.pointer, trusted: c.trusted };
      const w = await makeWorld(world, c.overrides);
      const result = await w.supervisor.adopt(c.project ?? 'app');
      assert.ok(!result.ok);
      assert.equal(result.code, c.code);
      assert.match(result.detail, c.detail);
      assert.deepEqual(w.supervisor.list(), []);
      await w.supervisor.close();
    });
  }

  it('adopt() refuses a second adopt while the first bridge is live (already-running)', async () => {
    const w = await makeWorld();
    assert.ok((await w.supervisor.adopt('app')).ok);
    const again = await w.supervisor.adopt('app');
    assert.ok(!again.ok && again.code === 'already-running');
    await w.supervisor.close();
  });

  it('adopt() reads back --x v and --x=v options and the environment URL', async () => {
    const cmdline = [...BRIDGE, '--name=my app', '--permission-mode', 'plan', '--capacity', '4'];
    const w = await makeWorld({ process: { cmdline: [...cmdline, '--verbose'] } });
    const result = await w.supervisor.adopt('app');
    assert.ok(result.ok, result.ok ? '' : result.detail);
    const b = result.value;
    assert.deepEqual(
      [b.status, b.adopted, b.name, b.permission_mode, b.spawn_mode, b.capacity, b.url],
      [
        'running',
        true,
        'my app',
        'plan',
        'same-dir',
        4,
        `https://claude.ai/code?environment=${ENV_ID}`,
      ],
    );
    await w.supervisor.close();
  });

  it('adopt() keeps no URL when the pointer names a malformed environment id', async () => {
    const w = await makeWorld({
      process: {
        cmdline: ['claude', 'bridge', '--spawn', 'session', '--permission-mode=acceptEdits'],
      },
      pointer: { environmentId: 'env_01x&next=https://evil.example' },
    });
    const result = await w.supervisor.adopt('app');
    assert.ok(result.ok, result.ok ? '' : result.detail);
    assert.deepEqual(
      [result.value.url, result.value.spawn_mode, result.value.permission_mode],
      [null, 'session', 'acceptEdits'],
    );
    await w.supervisor.close();
  });

  it('adopt() compares the pointer start time by the pointer check rule (numerically)', async () => {
    const w = await makeWorld({ pointer: { procStart: `0${TICKS}` } });
    const result = await w.supervisor.adopt('app');
    assert.ok(result.ok, result.ok ? '' : result.detail);
    await w.supervisor.close();
  });

  const SPAWN_CASES: Array<[string, WorldOptions, string]> = [
    [
      'the saved worktree mode in a git repository',
      { savedSpawnMode: 'worktree', git: true },
      'worktree',
    ],
    [
      'same-dir for a saved worktree outside a git repository (as the CLI falls back)',
      { savedSpawnMode: 'worktree' },
      'same-dir',
    ],
    ['the saved same-dir mode', { savedSpawnMode: 'same-dir', git: true }, 'same-dir'],
    ['same-dir when nothing is saved', { git: true }, 'same-dir'],
    ['same-dir for an unknown saved value', { savedSpawnMode: 'elsewhere', git: true }, 'same-dir'],
  ];
  for (const [title, world, expected] of SPAWN_CASES) {
    it(`adopt() of a bridge without --spawn records ${title}`, async () => {
      const w = await makeWorld(world);
      const result = await w.supervisor.adopt('app');
      assert.ok(result.ok, result.ok ? '' : result.detail);
      assert.equal(result.value.spawn_mode, expected);
      await w.supervisor.close();
    });
  }

  it('adopt() records the --spawn flag over a saved mode', async () => {
    const cmdline = [...BRIDGE, '--spawn=session'];
    const w = await makeWorld({ savedSpawnMode: 'worktree', git: true, process: { cmdline } });
    const result = await w.supervisor.adopt('app');
    assert.ok(result.ok, result.ok ? '' : result.detail);
    assert.equal(result.value.spawn_mode, 'session');
    await w.supervisor.close();
  });

  it('adopt() in hybrid log mode creates the raw log names, so log upkeep does not warn', async () => {
    const w = await makeWorld({}, { rawLogs: true });
    const result = await w.supervisor.adopt('app');
    assert.ok(result.ok, result.ok ? '' : result.detail);
    const set = await fsp.readdir(`${w.stateDir}/logs/${result.value.id}`);
    assert.deepEqual(set.sort(), ['debug.raw.log', 'stderr.raw.log', 'stdout.raw.log']);
    const warned: string[] = [];
    const logger = { debug() {}, info() {}, error() {}, warn: (m: string) => warned.push(m) };
    const logs = configSchema.parse({ logs: { redact_session_url: true } }).logs;
    const upkeep = startLogMaintenance(
      {
        stateDir: w.stateDir,
        settings: logs,
        liveIds: () => [result.value.id],
        intervalMs: 60_000,
      },
      { fs: fsp as unknown as Fs, clock: { now: () => Date.now() }, logger },
    );
    await upkeep.tick();
    await upkeep.stop();
    assert.deepEqual(warned, []);
    await w.supervisor.close();
  });
});
