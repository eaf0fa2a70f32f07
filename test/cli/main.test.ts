import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { COMMANDS, main } from '../../src/cli/main.js';
import { DOCTOR_CHECKS } from '../../src/doctor/checks.js';
import { createTestIo } from '../support/cli-io.js';
import { useTempDir } from '../support/temp.js';

const home = useTempDir();

describe('main()', () => {
  it('main() lists every command for --help and exits 0', async () => {
    const t = createTestIo({ home: home.path });
    assert.equal(await main(['--help'], t.io), 0);
    for (const name of Object.keys(COMMANDS))
      assert.match(t.stdout(), new RegExp(`^  ${name} `, 'm'));
  });

  it("main() names every doctor row in the doctor command's summary", async () => {
    const t = createTestIo({ home: home.path });
    assert.equal(await main(['--help'], t.io), 0);
    const line = /^ {2}doctor .*$/m.exec(t.stdout())?.[0] ?? '';
    const missing = DOCTOR_CHECKS.map((check) => check.id).filter((id) => !line.includes(id));
    assert.deepEqual(missing, []);
  });

  it('main() exits 2 for an unknown command and names it', async () => {
    const t = createTestIo({ home: home.path });
    assert.equal(await main(['frobnicate'], t.io), 2);
    assert.match(t.stderr(), /unknown command 'frobnicate'/);
  });

  for (const name of Object.keys(COMMANDS)) {
    it(`main() prints usage for \`${name} --help\` and exits 0`, async () => {
      const t = createTestIo({ home: home.path });
      assert.equal(await main([name, '--help'], t.io), 0);
      assert.match(t.stdout(), /^Usage: clauster/);
    });
  }

  it("main() prints a command's own --help for `help <command>` and exits 0", async () => {
    for (const argv of [['start'], ['logs'], ['config', 'reconcile']]) {
      const help = createTestIo({ home: home.path });
      assert.equal(await main(['help', ...argv], help.io), 0, argv.join(' '));
      const direct = createTestIo({ home: home.path });
      assert.equal(await main([...argv, '--help'], direct.io), 0);
      assert.match(help.stdout(), new RegExp(`^Usage: clauster ${argv.join(' ')} `));
      assert.equal(help.stdout(), direct.stdout());
    }
    const list = createTestIo({ home: home.path });
    assert.equal(await main(['help'], list.io), 0);
    assert.match(list.stdout(), /^Usage: clauster \[command\]/);
  });

  it('main() exits 2 for `help <unknown>` and names it', async () => {
    const t = createTestIo({ home: home.path });
    assert.equal(await main(['help', 'frobnicate'], t.io), 2);
    assert.match(t.stderr(), /^clauster help: unknown command 'frobnicate'; run `clauster help`/);
    assert.equal(t.stdout(), '');
  });

  it('main() exits 2 for an unknown option', async () => {
    const t = createTestIo({ home: home.path });
    assert.equal(await main(['version', '--bogus'], t.io), 2);
    assert.match(t.stderr(), /bogus/);
  });

  it('main() prints the version, as text and as JSON', async () => {
    const text = createTestIo({ home: home.path });
    assert.equal(await main(['version'], text.io), 0);
    assert.match(text.stdout(), /^clauster \d+\.\d+\.\d+/);
    const json = createTestIo({ home: home.path });
    assert.equal(await main(['--version', '--json'], json.io), 0);
    assert.match(JSON.parse(json.stdout()).version, /^\d+\.\d+\.\d+/);
  });

  it('main() defaults to run when the first argument is an option', async () => {
    const t = createTestIo({ home: home.path });
    assert.equal(await main(['--config', 'missing.yml'], t.io), 2);
    assert.match(t.stderr(), /refused: \(file\): expected a readable config file, found ENOENT/);
  });
});
