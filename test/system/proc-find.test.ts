// createProcessFinder() over a fake /proc tree (a temp dir of <pid>/cmdline files), and once
// over the real /proc: only matching command lines, re-checked through the identity reader.
import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { nodeProcesses } from '../../src/system/node.js';
import type { ProcessIdentity } from '../../src/system/ports.js';
import { createProcessFinder } from '../../src/system/proc-find.js';
import { useTempDir } from '../support/temp.js';

const temp = useTempDir('clauster-proc-find-');

async function writeProc(root: string, pid: string, argv: string[] | null): Promise<void> {
  await fs.mkdir(join(root, pid), { recursive: true });
  if (argv !== null) await fs.writeFile(join(root, pid, 'cmdline'), `${argv.join('\0')}\0`);
}

function identityOf(pid: number, cmdline: string[]): ProcessIdentity {
  return { pid, startTicks: pid * 10, bootId: 'boot-1', cmdline };
}

describe('createProcessFinder()', () => {
  it('createProcessFinder() returns the fresh identity of each process whose cmdline matches', async () => {
    const root = temp.path;
    const bridge = ['node', '/opt/claude', 'remote-control', '--debug-file', '/s/logs/x/debug.log'];
    await writeProc(root, '120', bridge);
    await writeProc(root, '121', ['bash', '-c', 'sleep 1']);
    await writeProc(root, '122', null); // vanished between the listing and the read
    await writeProc(root, '123', bridge); // its pid is reused before the second read
    await writeProc(root, 'self', bridge);
    const fresh: Record<number, ProcessIdentity | null> = {
      120: identityOf(120, bridge),
      123: identityOf(123, ['sleep', '10']),
    };
    const asked: number[] = [];
    const find = createProcessFinder(root, async (pid) => {
      asked.push(pid);
      return fresh[pid] ?? null;
    });
    const found = await find((cmdline) => cmdline.includes('remote-control'));
    const uid = (await fs.stat(join(root, '120'))).uid;
    assert.deepEqual(found, { found: [{ ...identityOf(120, bridge), uid }], complete: true });
    assert.deepEqual(asked.sort(), [120, 123], 'only matching command lines are read again');
  });

  it('createProcessFinder() answers [] for a root that cannot be read', async () => {
    const find = createProcessFinder(join(temp.path, 'missing'), nodeProcesses.identity);
    assert.deepEqual(await find(() => true), { found: [], complete: true });
  });

  it('createProcessFinder() says incomplete past its entry bound', async () => {
    for (const pid of ['201', '202', '203']) await writeProc(temp.path, pid, ['remote-control']);
    const find = createProcessFinder(
      temp.path,
      async (pid) => identityOf(pid, ['remote-control']),
      {
        maxEntries: 2,
      },
    );
    const search = await find(() => true);
    assert.equal(search.complete, false);
  });

  it('createProcessFinder() gives up, incomplete, when a read blocks past its deadline', async () => {
    await writeProc(temp.path, '301', ['remote-control']);
    // A read that never answers (as a cmdline read of a process stuck in the kernel can).
    const blocked = () => new Promise<ProcessIdentity | null>(() => {});
    const find = createProcessFinder(temp.path, blocked, { deadlineMs: 20 });
    assert.deepEqual(await find(() => true), { found: [], complete: false });
  });

  it('createProcessFinder() finds this test process in the real /proc', async () => {
    const find = createProcessFinder('/proc', nodeProcesses.identity);
    const self = await nodeProcesses.identity(process.pid);
    assert.ok(self);
    const found = await find((cmdline) => cmdline.join('\0') === self.cmdline.join('\0'));
    const self2 = found.found.find((identity) => identity.pid === process.pid);
    assert.equal(self2?.uid, process.geteuid?.(), 'the owner is read with the identity');
    assert.equal(found.complete, true);
  });
});
