// Finding the process of a launch cut short, with fake process ports: only the one group
// leader that runs remote-control with the record's own --debug-file is taken.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  findLaunchedProcess,
  hasDebugFileArgument,
  isIncompleteLaunch,
  readRecordedDebugFile,
} from '../../src/bridges/launch-recovery.js';
import type { BridgeRecord } from '../../src/bridges/record.js';
import type { FindProcesses, FoundProcess, ProcessPlacement } from '../../src/system/ports.js';
import { launchingRecord } from '../support/bridge-fixture.js';

const STATE = '/srv/state';
const ID = 'br-aaaaaaaaaaac';
const DEBUG = join(STATE, 'logs', ID, 'debug.log');

function launching(overrides: Partial<BridgeRecord> = {}): BridgeRecord {
  return launchingRecord(STATE, ID, {
    argv: ['/usr/bin/claude', 'remote-control', '--name', 'app', '--debug-file', DEBUG],
    ...overrides,
  });
}

interface FakeProcess {
  cmdline: string[];
  pgid: number;
  startTicks?: number;
  /** Its owner; the fake clauster runs as uid 1000. */
  uid?: number;
}

/** Ports over a fake process table; `findProcesses` applies the matcher like the real one. */
function fakePorts(table: Record<number, FakeProcess>) {
  const identities = Object.entries(table).map(
    ([pid, p]): FoundProcess => ({
      pid: Number(pid),
      startTicks: p.startTicks ?? 100,
      bootId: 'boot-1',
      cmdline: p.cmdline,
      uid: p.uid ?? 1000,
    }),
  );
  const findProcesses: FindProcesses = async (match) => ({
    found: identities.filter((identity) => match(identity.cmdline)),
    complete: true,
  });
  const processes = {
    async placement(pid: number): Promise<ProcessPlacement | null> {
      const p = table[pid];
      return p === undefined ? null : { cwd: null, pgid: p.pgid, startTicks: p.startTicks ?? 100 };
    },
  };
  return { findProcesses, processes, euid: 1000 };
}

const BRIDGE = ['node', '/opt/claude', 'remote-control', '--name', 'app', '--debug-file', DEBUG];

describe('isIncompleteLaunch()', () => {
  it('isIncompleteLaunch() is true without pid, start ticks or boot id, never for adopted', () => {
    assert.equal(isIncompleteLaunch(launching()), true);
    assert.equal(isIncompleteLaunch(launching({ pid: 5, proc_start_ticks: null })), true);
    const complete = { pid: 5, proc_start_ticks: 100, boot_id: 'boot-1' };
    assert.equal(isIncompleteLaunch(launching(complete)), false);
    assert.equal(isIncompleteLaunch(launching({ adopted: true })), false);
  });
});

describe('readRecordedDebugFile()', () => {
  it('readRecordedDebugFile() accepts only a path inside the record’s own log set', () => {
    assert.equal(readRecordedDebugFile(launching(), STATE), DEBUG);
    const cases = [
      ['/tmp/debug.log'],
      [join(STATE, 'logs', 'br-aaaaaaaaaaad', 'debug.log')],
      [join(STATE, 'logs', `${ID}-x`, 'debug.log')],
      [join(STATE, 'logs', ID)],
    ];
    for (const [path] of cases) {
      const record = launching({ argv: ['claude', 'remote-control', '--debug-file', path ?? ''] });
      assert.equal(readRecordedDebugFile(record, STATE), null, path);
    }
    assert.equal(readRecordedDebugFile(launching({ argv: ['claude', 'rc'] }), STATE), null);
  });
});

describe('hasDebugFileArgument()', () => {
  it('hasDebugFileArgument() needs remote-control and the exact --debug-file pair', () => {
    assert.equal(hasDebugFileArgument(BRIDGE, DEBUG), true);
    assert.equal(hasDebugFileArgument(['claude', '--print', '--debug-file', DEBUG], DEBUG), false);
    assert.equal(hasDebugFileArgument(['claude', 'rc', `--debug-file=${DEBUG}`], DEBUG), false);
    assert.equal(
      hasDebugFileArgument(['claude', 'rc', '--debug-file', `${DEBUG}.x`], DEBUG),
      false,
    );
    assert.equal(hasDebugFileArgument(['claude', 'rc', DEBUG], DEBUG), false);
  });
});

describe('findLaunchedProcess()', () => {
  it('findLaunchedProcess() finds the one group leader running the record’s debug file', async () => {
    const ports = fakePorts({
      40: { cmdline: BRIDGE, pgid: 40 },
      41: { cmdline: BRIDGE, pgid: 40 }, // a child in its group
      50: { cmdline: ['node', '/opt/claude', '--print', '--debug-file', DEBUG], pgid: 50 },
      60: { cmdline: ['vim', DEBUG], pgid: 60 },
    });
    const found = await findLaunchedProcess(launching(), STATE, ports);
    assert.equal(found.kind, 'found');
    if (found.kind === 'found') assert.equal(found.identity.pid, 40);
  });

  it('findLaunchedProcess() finds nothing without a match, a finder or a trusted path', async () => {
    const none = fakePorts({ 60: { cmdline: ['vim', DEBUG], pgid: 60 } });
    assert.deepEqual(await findLaunchedProcess(launching(), STATE, none), { kind: 'none' });
    const { processes } = fakePorts({ 40: { cmdline: BRIDGE, pgid: 40 } });
    assert.deepEqual(await findLaunchedProcess(launching(), STATE, { processes, euid: 1000 }), {
      kind: 'none',
    });
    // An edited record pointing at another process's debug file is never followed.
    const other = '/home/u/other/debug.log';
    const foreign = fakePorts({
      70: { cmdline: ['claude', 'rc', '--debug-file', other], pgid: 70 },
    });
    const edited = launching({ argv: ['claude', 'remote-control', '--debug-file', other] });
    assert.deepEqual(await findLaunchedProcess(edited, STATE, foreign), { kind: 'none' });
  });

  it('findLaunchedProcess() refuses a group id read from another process, or another pid', async () => {
    const ports = fakePorts({ 40: { cmdline: BRIDGE, pgid: 40 } });
    const moved = {
      ...ports,
      processes: {
        placement: async (pid: number) => ({ cwd: null, pgid: pid, startTicks: 999 }),
      },
    };
    assert.deepEqual(await findLaunchedProcess(launching(), STATE, moved), { kind: 'none' });
    const recorded = launching({ pid: 41 });
    assert.deepEqual(await findLaunchedProcess(recorded, STATE, ports), { kind: 'none' });
    const same = await findLaunchedProcess(launching({ pid: 40 }), STATE, ports);
    assert.equal(same.kind, 'found');
  });

  it('findLaunchedProcess() adopts none of several leaders with the same debug file', async () => {
    const ports = fakePorts({
      40: { cmdline: BRIDGE, pgid: 40 },
      80: { cmdline: BRIDGE, pgid: 80 },
    });
    assert.deepEqual(await findLaunchedProcess(launching(), STATE, ports), {
      kind: 'ambiguous',
      pids: [40, 80],
    });
  });

  it('findLaunchedProcess() ignores a process another user owns (a decoy is never adopted)', async () => {
    const ports = fakePorts({
      40: { cmdline: BRIDGE, pgid: 40 },
      80: { cmdline: BRIDGE, pgid: 80, uid: 65534 },
    });
    const found = await findLaunchedProcess(launching(), STATE, ports);
    assert.equal(found.kind, 'found');
    if (found.kind === 'found') assert.equal(found.identity.pid, 40);
    const alone = fakePorts({ 80: { cmdline: BRIDGE, pgid: 80, uid: 65534 } });
    assert.deepEqual(await findLaunchedProcess(launching(), STATE, alone), { kind: 'none' });
  });

  it('findLaunchedProcess() says incomplete when the search was cut short or failed', async () => {
    const { processes } = fakePorts({});
    const cut: FindProcesses = async () => ({ found: [], complete: false });
    const failed: FindProcesses = async () => {
      throw new Error('EIO');
    };
    for (const findProcesses of [cut, failed]) {
      const search = await findLaunchedProcess(launching(), STATE, {
        processes,
        findProcesses,
        euid: 1000,
      });
      assert.deepEqual(search, { kind: 'incomplete' });
    }
  });
});
