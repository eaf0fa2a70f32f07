// Child process for the audit rotation race test: appends `count` entries
// ({action: 'child', seq}) through createAuditLog, as the CLI does, then exits 0. Prints
// `ready` on stdout first, so the parent can start its own appends at the same moment.
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
for (let seq = 0; seq < Number(count); seq++) {
  await audit.append({ action: 'child', seq });
}
