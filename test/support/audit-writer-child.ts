// Child process for the audit rotation race test: appends `count` entries
// ({action: 'child', seq}) through createAuditLog, as the CLI does, then exits 0. Prints
// `ready` on stdout first, so the parent can start its own appends at the same moment. Halfway
// it waits until the parent has rotated the file once, so its lines always span a rotation
// however the two processes are scheduled.
// Usage: node --import tsx audit-writer-child.ts <stateDir> <count>
import * as fs from 'node:fs/promises';
import { createAuditLog } from '../../src/state/audit.js';

const [stateDir, count] = process.argv.slice(2);
if (!stateDir || count === undefined) {
  process.stderr.write('usage: audit-writer-child <stateDir> <count>\n');
  process.exit(2);
}
const audit = createAuditLog(stateDir, { fs, clock: { now: () => 0 } });
process.stdout.write('ready\n');
// How many rotated files (audit.jsonl.N) the state dir holds.
async function countRotated(): Promise<number> {
  const names = await fs.readdir(stateDir as string);
  return names.filter((name) => /^audit\.jsonl\.\d+$/.test(name)).length;
}

async function waitForRotation(before: number): Promise<void> {
  for (let waited = 0; waited < 60_000; waited += 5) {
    if ((await countRotated()) > before) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

// Counted after the first line: a rotation after it puts that line and the later ones apart.
let rotatedAfterFirst = 0;
for (let seq = 0; seq < Number(count); seq++) {
  if (seq === Math.floor(Number(count) / 2)) await waitForRotation(rotatedAfterFirst);
  await audit.append({ action: 'child', seq });
  if (seq === 0) rotatedAfterFirst = await countRotated();
}
