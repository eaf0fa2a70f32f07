// The note `clauster logs` prints when the file shown is empty but stderr or stdout is not: a
// bridge that failed at start (claude logged out) writes its error only to stderr.log.
import assert from 'node:assert/strict';
import * as fsp from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { formatEmptyNote } from '../../src/cli/log-empty-note.js';
import { main } from '../../src/cli/main.js';
import { useBridgeHarnesses } from '../support/bridge-harness.js';
import { createTestIo } from '../support/cli-io.js';
import { waitFor } from '../support/fake-claude.js';

const harness = useBridgeHarnesses();

describe('formatEmptyNote()', () => {
  it('formatEmptyNote() names each non-empty file and its exact --file option', () => {
    const one = formatEmptyNote('br-abcdefghijkl', 'debug', [{ stream: 'stderr', bytes: 12 }]);
    assert.equal(
      one,
      'clauster logs: debug.log of br-abcdefghijkl is empty, but stderr.log (12 bytes) is not; see it with: clauster logs br-abcdefghijkl --file stderr\n',
    );
    const two = formatEmptyNote('br-abcdefghijkl', 'debug', [
      { stream: 'stderr', bytes: 1 },
      { stream: 'stdout', bytes: 2 },
    ]);
    assert.match(two, /stderr\.log \(1 bytes\) and stdout\.log \(2 bytes\) are not/);
    assert.match(two, /--file stderr or clauster logs br-abcdefghijkl --file stdout\n$/);
  });
});

describe('runLogs() on a bridge that failed at start', () => {
  it('runLogs() notes on stderr that stderr.log holds the error, never printing it', async () => {
    const h = await harness({ knobs: { FAKE_CLAUDE_GATE: 'not-logged-in' } });
    const started = await h.supervisor.start('app', {});
    assert.ok(started.ok, JSON.stringify(started));
    const id = started.value.id;
    await h.waitForStatus(id, 'crashed', 30_000);
    const debugLog = join(h.stateDir, 'logs', id, 'debug.log');
    const stderrLog = join(h.stateDir, 'logs', id, 'stderr.log');
    await waitFor(async () => (await fsp.stat(stderrLog)).size > 0, 10_000);
    assert.equal((await fsp.stat(debugLog)).size, 0, 'the fake wrote nothing to debug.log');
    const configPath = join(h.root, 'clauster.yml');
    await fsp.writeFile(configPath, `state_dir: ${h.stateDir}\nprojects_root: ${h.projectsRoot}\n`);
    const io = () => createTestIo({ home: h.home, env: { CLAUSTER_CONFIG: configPath } });

    const plain = io();
    assert.equal(await main(['logs', 'app'], plain.io), 0, plain.stderr());
    assert.equal(plain.stdout(), '');
    assert.match(
      plain.stderr(),
      new RegExp(`debug\\.log of ${id} is empty, but stderr\\.log \\(\\d+ bytes\\) is not`),
    );
    assert.match(plain.stderr(), new RegExp(`clauster logs ${id} --file stderr\\n$`));
    assert.doesNotMatch(plain.stderr(), /logged in/i, 'the note never quotes the file');

    // --json: stdout stays JSON (here: nothing), the note goes to stderr only.
    const json = io();
    assert.equal(await main(['logs', 'app', '--json'], json.io), 0);
    for (const line of json.stdout().split('\n').filter(Boolean)) JSON.parse(line);
    assert.match(json.stderr(), /--file stderr/);

    // The error itself, redacted, when asked for; no note for a file that is not empty.
    const asked = io();
    assert.equal(await main(['logs', 'app', '--file', 'stderr'], asked.io), 0);
    assert.match(asked.stdout(), /logged in/i);
    assert.equal(asked.stderr(), '');

    // A follow notes it once the initial lines are out.
    const follow = io();
    const done = main(['logs', 'app', '-f'], follow.io);
    await waitFor(() => follow.stderr().includes('--file stderr'), 10_000);
    follow.signal('SIGINT');
    assert.equal(await done, 0);
    assert.equal(follow.stdout(), '');
  });
});
