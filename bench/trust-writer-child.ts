/** Child of trust-writer.bench.ts: one writer process doing N edits on a shared .claude.json. */
import * as fsp from 'node:fs/promises';
import { createTrustWriter } from '../src/claude/trust-file.js';

const [configPath, stateDir, writerId, countText] = process.argv.slice(2);
if (!configPath || !stateDir || !writerId || !countText)
  throw new Error('usage: child CONFIG STATE ID N');
const writer = createTrustWriter(
  { stateDir, configPath, lockRetries: { retries: 10_000, minTimeout: 1, maxTimeout: 20 } },
  { fs: fsp, env: {}, home: stateDir },
);
for (let i = 0; i < Number(countText); i += 1) {
  await writer.setTrusted(`/bench/w${writerId}/p${i}`);
}
