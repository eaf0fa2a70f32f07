import assert from 'node:assert/strict';
import * as fsp from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { main } from '../../src/cli/main.js';
import { createTestIo } from '../support/cli-io.js';
import { waitFor } from '../support/fake-claude.js';
import { makeTempDir } from '../support/temp.js';

const ID = 'session_01FakeAbCdEfGhJk';
const BRIDGE = 'br-abcdefghijkl';

describe('runLogs()', () => {
  let dir: { path: string; cleanup(): Promise<void> };
  let stateDir: string;
  let configPath: string;
  beforeEach(async () => {
    dir = await makeTempDir();
    stateDir = join(dir.path, 'state');
    configPath = join(dir.path, 'clauster.yml');
    await fsp.writeFile(configPath, `state_dir: ${stateDir}\n`);
    await fsp.mkdir(join(stateDir, 'logs', BRIDGE), { recursive: true, mode: 0o700 });
    await fsp.writeFile(
      join(stateDir, 'logs', BRIDGE, 'debug.log'),
      `one ${ID}\ntwo \x1b[31m${ID}\x1b[0m\n`,
    );
    await fsp.writeFile(join(stateDir, 'logs', BRIDGE, 'stderr.log'), 'Error: oops\n');
    const record = {
      id: BRIDGE,
      project: 'demo',
      status: 'stopped',
      url: null,
      pid: null,
      started_at: '2026-07-01T10:00:00.000Z',
      stopped_at: '2026-07-01T11:00:00.000Z',
      reason: null,
      permission_mode: 'default',
      spawn_mode: 'same-dir',
      name: null,
      cwd: '/tmp/demo',
      argv: [],
      log_dir: join(stateDir, 'logs', BRIDGE),
      proc_start_ticks: null,
      boot_id: null,
      intentional_stop: true,
    };
    await fsp.writeFile(
      join(stateDir, 'bridges.json'),
      JSON.stringify({ schema_version: 1, bridges: [record] }),
    );
  });
  afterEach(async () => {
    await dir.cleanup();
  });

  function io() {
    return createTestIo({ home: dir.path, env: { CLAUSTER_CONFIG: configPath } });
  }

  it('runLogs() prints the redacted log of a bridge id or of a project', async () => {
    for (const ref of [BRIDGE, 'demo']) {
      const t = io();
      assert.equal(await main(['logs', ref], t.io), 0);
      assert.equal(t.stdout(), 'one session_<redacted>\ntwo session_<redacted>\n');
    }
  });

  it('runLogs() honours --tail, --file and --json', async () => {
    const t = io();
    assert.equal(await main(['logs', BRIDGE, '--tail', '1', '--json'], t.io), 0);
    assert.deepEqual(JSON.parse(t.stdout()), { type: 'lines', lines: ['two session_<redacted>'] });
    const e = io();
    assert.equal(await main(['logs', BRIDGE, '--file', 'stderr'], e.io), 0);
    assert.equal(e.stdout(), 'Error: oops\n');
  });

  it('runLogs() --raw prints the verbatim file with a warning on stderr', async () => {
    const t = io();
    assert.equal(await main(['logs', BRIDGE, '--raw'], t.io), 0);
    assert.equal(t.stdout(), `one ${ID}\ntwo \x1b[31m${ID}\x1b[0m\n`);
    assert.match(t.stderr(), /verbatim/);
  });

  it('runLogs() -f follows appended lines until SIGINT', async () => {
    const t = io();
    const done = main(['logs', BRIDGE, '-f', '-n', '1'], t.io);
    await waitFor(() => t.stdout().includes('two'), 10_000);
    await fsp.appendFile(join(stateDir, 'logs', BRIDGE, 'debug.log'), `three ${ID}\n`);
    await waitFor(() => t.stdout().includes('three'), 10_000);
    t.signal('SIGINT');
    assert.equal(await done, 0);
    assert.equal(t.stdout(), 'two session_<redacted>\nthree session_<redacted>\n');
  });

  it('runLogs() accepts a unique id prefix and refuses an ambiguous or short one with 2', async () => {
    const t = io();
    assert.equal(await main(['logs', 'br-abcd', '--file', 'stderr'], t.io), 0, t.stderr());
    assert.equal(t.stdout(), 'Error: oops\n');
    const registry = join(stateDir, 'bridges.json');
    const doc = JSON.parse(await fsp.readFile(registry, 'utf8')) as { bridges: object[] };
    doc.bridges.push({ ...doc.bridges[0], id: 'br-abcdzzzzzzzz', project: 'other' });
    await fsp.writeFile(registry, JSON.stringify(doc));
    const twice = io();
    assert.equal(await main(['logs', 'br-abcd'], twice.io), 2);
    assert.match(twice.stderr(), /^clauster logs: "br-abcd" matches 2 bridges/);
    assert.match(
      twice.stderr(),
      /br-abcdefghijkl {2}demo {2}stopped\n {2}br-abcdzzzzzzzz {2}other/,
    );
    const longer = io();
    assert.equal(await main(['logs', 'br-abcde', '--file', 'stderr'], longer.io), 0);
    const short = io();
    assert.equal(await main(['logs', 'br-abc'], short.io), 2);
    assert.match(short.stderr(), /at least 4 characters after br-/);
    assert.equal(twice.stdout() + short.stdout(), '');
  });

  it('runLogs() refuses bad usage with 2 and an unknown bridge with 1', async () => {
    const cases: Array<[string[], number]> = [
      [['logs'], 2],
      [['logs', BRIDGE, '--tail', 'lots'], 2],
      [['logs', BRIDGE, '--file', '../x'], 2],
      [['logs', BRIDGE, '--raw', '-f'], 2],
      [['logs', 'no-such-project'], 1],
      [['logs', 'br-zzzzzzzzzzzz'], 1],
      [['logs', 'br-zzzz'], 1],
    ];
    for (const [argv, code] of cases) {
      const t = io();
      assert.equal(await main(argv, t.io), code, argv.join(' '));
      assert.equal(t.stdout(), '');
    }
  });

  it('runLogs() prefixes usage errors with `clauster logs: ` (and the error body with --json)', async () => {
    const t = io();
    assert.equal(await main(['logs', BRIDGE, '--raw', '--json'], t.io), 2);
    assert.match(
      t.stderr(),
      /^clauster logs: --raw cannot be combined with --follow, --tail or --json/,
    );
    assert.equal(JSON.parse(t.stdout()).error.code, 'usage');
  });

  it('runLogs() --json prints failures as {"error":{code,message}} on stdout, the line on stderr', async () => {
    const cases: Array<[string[], number, string]> = [
      [['logs', 'no-such-project', '--json'], 1, 'not-found'],
      [['logs', 'br-zzzzzzzzzzzz', '--json'], 1, 'no-logs'],
      [['logs', 'br-abc', '--json'], 2, 'too-short'],
      // A name no project can have is a usage error, as in stop and restart.
      [['logs', 'bad name!', '--json'], 2, 'invalid-project-name'],
      [['logs', '--json'], 2, 'missing-argument'],
    ];
    for (const [argv, code, errorCode] of cases) {
      const t = io();
      assert.equal(await main(argv, t.io), code, argv.join(' '));
      const body = JSON.parse(t.stdout()) as { error: { code: string; message: string } };
      assert.deepEqual(Object.keys(body), ['error']);
      assert.equal(body.error.code, errorCode);
      assert.ok(t.stderr().startsWith(`clauster logs: ${body.error.message}\n`), t.stderr());
    }
    await fsp.writeFile(configPath, 'port: not-a-port\n');
    const refused = io();
    assert.equal(await main(['logs', BRIDGE, '--json'], refused.io), 2);
    assert.equal(JSON.parse(refused.stdout()).error.code, 'config-invalid');
    assert.match(refused.stderr(), /^refused: .*\nclauster logs: config refused in [^\n]+\n$/s);
  });

  it("runLogs() notes on stderr that an adopted bridge's output was not captured", async () => {
    const adopted = 'br-adoptedadopt';
    await fsp.mkdir(join(stateDir, 'logs', adopted), { recursive: true, mode: 0o700 });
    await fsp.writeFile(join(stateDir, 'logs', adopted, 'debug.log'), '');
    const registry = join(stateDir, 'bridges.json');
    const doc = JSON.parse(await fsp.readFile(registry, 'utf8')) as { bridges: object[] };
    doc.bridges.push({ ...doc.bridges[0], id: adopted, project: 'outside', adopted: true });
    await fsp.writeFile(registry, JSON.stringify(doc));
    for (const json of [false, true]) {
      const t = io();
      assert.equal(await main(['logs', 'outside', ...(json ? ['--json'] : [])], t.io), 0);
      assert.equal(t.stdout(), '');
      assert.match(
        t.stderr(),
        /^clauster logs: br-adoptedadopt was started outside clauster and adopted, so its output was not captured/,
      );
    }
    const launched = io();
    assert.equal(await main(['logs', 'demo'], launched.io), 0);
    assert.equal(launched.stderr(), '');
  });
});

describe('runRedact()', () => {
  it('runRedact() filters stdin to stdout, framing lines across chunks', async () => {
    const dir = await makeTempDir();
    try {
      const t = createTestIo({ home: dir.path });
      const done = main(['redact'], t.io);
      t.input('token ghp_FAKEFAKE');
      t.input('FAKEFAKEFAKEFAKEFAKEFAKEFAKE\r\nsess');
      t.input(
        `ion_01FakeAbCdEf and \x1b]8;;https://x.invalid/${ID}\x07link\x1b]8;;\x07\nlast line`,
        true,
      );
      assert.equal(await done, 0);
      assert.equal(t.stdout(), 'token ghp_<redacted>\nsession_<redacted> and link\nlast line');
    } finally {
      await dir.cleanup();
    }
  });
});
