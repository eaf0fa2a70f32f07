// Child process for the trust-writer concurrency test: writes `count` distinct trust grants
// (`/w<index>/k<j>`) to one .claude.json through createTrustWriter, then exits 0.
// Usage: node --import tsx trust-writer-child.ts <stateDir> <home> <index> <count>
import * as fs from 'node:fs/promises';
import { createTrustWriter } from '../../src/claude/trust-file.js';

const [stateDir, home, index, count] = process.argv.slice(2);
if (!stateDir || !home || index === undefined || count === undefined) {
  process.stderr.write('usage: trust-writer-child <stateDir> <home> <index> <count>\n');
  process.exit(2);
}
const writer = createTrustWriter(
  { stateDir, lockRetries: { retries: 10_000, minTimeout: 2, maxTimeout: 40 } },
  { fs, env: {}, home },
);
for (let j = 0; j < Number(count); j++) {
  await writer.setTrusted(`/w${index}/k${j}`);
}
