// `clauster init` on a terminal never repeats a free-text answer to its yes/no question: an
// operator who runs ahead types the password there.
import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { main } from '../../src/cli/main.js';
import { createTestIo } from '../support/cli-io.js';
import { useTempDir } from '../support/temp.js';

const home = useTempDir();

// Obviously fake; typed at the yes/no prompt, it must never reach any output.
const TYPED_AHEAD = 'FAKE-typed-ahead-42';

describe('runInit() yes/no prompt', () => {
  it('runInit() refuses a free-text answer to "Set a dashboard password?" without echoing it', async () => {
    const cwd = join(home.path, 'work');
    await mkdir(cwd);
    const t = createTestIo({ home: home.path, cwd, isTTY: true });
    // Every default (loopback host), then the free text, then "n".
    t.input(`\n\n\n\n${TYPED_AHEAD}\nn\n`);
    assert.equal(await main(['init'], t.io), 0, t.stderr());
    assert.match(
      t.stderr(),
      /Set a dashboard password\? \(y\/n\) \[n\]: {3}expected y or n\nSet a dashboard password\?/,
    );
    for (const output of [t.stdout(), t.stderr()]) {
      assert.equal(output.includes(TYPED_AHEAD), false);
      assert.equal(output.includes(TYPED_AHEAD.slice(0, 8).toLowerCase()), false);
    }
    assert.doesNotMatch(await readFile(join(cwd, 'clauster.yml'), 'utf8'), /password/);
  });

  it('runInit() stops after three refused yes/no answers, naming none of them', async () => {
    const cwd = join(home.path, 'work');
    await mkdir(cwd);
    const t = createTestIo({ home: home.path, cwd, isTTY: true });
    t.input(`\n\n\n\n${TYPED_AHEAD}\n${TYPED_AHEAD}\n${TYPED_AHEAD}\n`);
    assert.equal(await main(['init'], t.io), 1);
    assert.match(t.stderr(), /clauster init: expected y or n; nothing written\n$/);
    assert.equal(t.stderr().toLowerCase().includes(TYPED_AHEAD.toLowerCase()), false);
  });
});
