import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import argon2 from 'argon2';
import { main } from '../../src/cli/main.js';
import { loadConfig } from '../../src/config/load.js';
import { checkConfig } from '../../src/config/verdict.js';
import { createTestIo } from '../support/cli-io.js';
import { useTempDir } from '../support/temp.js';

const home = useTempDir();

// Obviously fake; must never reach any output.
const PASSWORD = 'FAKE-init-password-42';

async function setup(): Promise<{ cwd: string; projects: string }> {
  const cwd = join(home.path, 'work');
  const projects = join(home.path, 'projects');
  await mkdir(cwd);
  await mkdir(projects);
  return { cwd, projects };
}

describe('runInit()', () => {
  it('runInit() without a terminal writes defaults that check-config accepts and load reads back', async () => {
    const { cwd, projects } = await setup();
    const t = createTestIo({ home: home.path, cwd });
    assert.equal(await main(['init'], t.io), 0, t.stderr());
    const path = join(cwd, 'clauster.yml');
    const text = await readFile(path, 'utf8');
    assert.match(text, /^# clauster\.yml — written by `clauster init`/);
    assert.match(text, /clauster check-config/);
    assert.equal(text.includes('auth'), false);
    assert.equal((await stat(path)).mode & 0o777, 0o600);
    const verdict = await checkConfig({ cwd }, t.io.deps);
    assert.equal(verdict.ok, true);
    const loaded = await loadConfig({ cwd }, t.io.deps);
    assert.equal(loaded.source, path);
    assert.equal(loaded.config.projects_root, projects);
    assert.equal(loaded.config.host, '127.0.0.1');
    assert.equal(loaded.config.port, 7621);
    assert.deepEqual(loaded.warnings, []);
    // The default search location finds it, so the next steps need no -c.
    assert.match(t.stdout(), /^ {2}clauster run +#/m);
    assert.match(t.stdout(), /http:\/\/127\.0\.0\.1:7621\//);
  });

  it('runInit() refuses an existing file and leaves it untouched', async () => {
    const { cwd } = await setup();
    const path = join(cwd, 'clauster.yml');
    await writeFile(path, 'port: 9999 # mine\n');
    const t = createTestIo({ home: home.path, cwd });
    assert.equal(await main(['init', '--yes', '--port', '8000'], t.io), 1);
    assert.equal(await readFile(path, 'utf8'), 'port: 9999 # mine\n');
    assert.match(t.stderr(), new RegExp(`${path.replace(/[.]/g, '\\.')} already exists`));
    assert.match(t.stderr(), /config reconcile/);
  });

  it('runInit() --yes refuses a network host without --password (exit 2), writing nothing', async () => {
    const { cwd } = await setup();
    const t = createTestIo({ home: home.path, cwd });
    assert.equal(await main(['init', '--yes', '--host', '0.0.0.0'], t.io), 2);
    assert.match(t.stderr(), /host: 0\.0\.0\.0 is a network address.*--password/);
    assert.deepEqual(await readdir(cwd), []);
    const noPassword = createTestIo({ home: home.path, cwd });
    const argv = ['init', '--host', '192.0.2.7', '--no-password'];
    assert.equal(await main(argv, noPassword.io), 2);
    assert.deepEqual(await readdir(cwd), []);
  });

  it('runInit() on a terminal asks, re-asks a bad answer and stores an argon2 hash, never the password', async () => {
    const { cwd, projects } = await setup();
    const t = createTestIo({ home: home.path, cwd, isTTY: true });
    // projects_root default, host, bad port then a good one, instance name, password twice.
    t.input(`\n0.0.0.0\n70000\n8123\nlab-1\n${PASSWORD}\n${PASSWORD}\n`);
    assert.equal(await main(['init'], t.io), 0, t.stderr());
    const path = join(cwd, 'clauster.yml');
    assert.equal((await stat(path)).mode & 0o777, 0o600);
    const loaded = await loadConfig({ cwd }, t.io.deps);
    const { auth } = loaded.config;
    assert.equal(loaded.config.projects_root, projects);
    assert.equal(loaded.config.host, '0.0.0.0');
    assert.equal(loaded.config.port, 8123);
    assert.equal(loaded.config.instance_name, 'lab-1');
    assert.equal(auth.enabled && auth.password_required, true);
    assert.ok(auth.password_hash?.startsWith('$argon2id$'));
    assert.equal(await argon2.verify(auth.password_hash ?? '', PASSWORD), true);
    assert.match(
      t.stderr(),
      /\[~\/projects\]: .*\[127\.0\.0\.1\]: .*\[7621\]: .*port: expected a number from 1 to 65535, got "70000"/s,
    );
    assert.match(t.stderr(), /a password is required\.\nPassword: \nRepeat password: \n/);
    for (const output of [t.stdout(), t.stderr()]) {
      assert.equal(output.includes(PASSWORD), false);
      assert.equal(output.includes(auth.password_hash ?? '$argon2id$'), false);
      assert.equal(output.includes('$argon2'), false);
    }
    assert.match(t.stdout(), /http:\/\/<this machine's address>:8123\//);
  });

  it('runInit() --json prints {path, written, keys} without the hash; password from stdin', async () => {
    const { cwd } = await setup();
    const target = join(home.path, 'etc', 'clauster', 'clauster.yml');
    const t = createTestIo({ home: home.path, cwd });
    t.input(`${PASSWORD}\n`, true);
    const argv = ['init', '--json', '-c', target, '--host', '::', '--password', '--port', '7000'];
    assert.equal(await main(argv, t.io), 0, t.stderr());
    assert.deepEqual(JSON.parse(t.stdout()), {
      path: target,
      written: true,
      keys: [
        'projects_root',
        'host',
        'port',
        'auth.enabled',
        'auth.password_required',
        'auth.password_hash',
      ],
    });
    assert.equal(t.stdout().includes('$argon2'), false);
    assert.equal((await stat(join(home.path, 'etc', 'clauster'))).mode & 0o777, 0o700);
    const verdict = await checkConfig({ cwd, configPath: target }, t.io.deps);
    assert.equal(verdict.ok, true);
  });

  it('runInit() writes to $CLAUSTER_HOME/clauster.yml, found from there; the unit still names it', async () => {
    const { cwd } = await setup();
    const clausterHome = join(home.path, 'ch');
    const t = createTestIo({
      home: home.path,
      cwd,
      env: { CLAUSTER_HOME: clausterHome },
    });
    assert.equal(await main(['init', '--instance-name', 'box'], t.io), 0, t.stderr());
    const path = join(clausterHome, 'clauster.yml');
    assert.match(await readFile(path, 'utf8'), /instance_name: box/);
    assert.match(t.stdout(), /\n {2}clauster run +# start the dashboard\n/);
    assert.match(
      t.stdout(),
      new RegExp(`systemd --user --write -c ${path.replace(/[.]/g, '\\.')}`),
    );
  });

  it('runInit() writes to $CLAUSTER_CONFIG, where later commands look first, before CLAUSTER_HOME', async () => {
    const { cwd } = await setup();
    const target = join(home.path, 'cfg', 'clauster.yml');
    await mkdir(join(home.path, 'cfg'), { recursive: true });
    const t = createTestIo({
      home: home.path,
      cwd,
      env: { CLAUSTER_CONFIG: target, CLAUSTER_HOME: join(home.path, 'ch2') },
    });
    assert.equal(await main(['init', '--instance-name', 'box2'], t.io), 0, t.stderr());
    assert.match(await readFile(target, 'utf8'), /instance_name: box2/);
    assert.deepEqual(await readdir(cwd), []);
    const verdict = await checkConfig({ cwd }, t.io.deps);
    assert.equal(verdict.ok && verdict.source, target, 'found again through CLAUSTER_CONFIG');
  });

  it('runInit() refuses a projects_root that does not exist, naming it', async () => {
    const { cwd } = await setup();
    const missing = join(home.path, 'no-such-dir');
    const t = createTestIo({ home: home.path, cwd });
    assert.equal(await main(['init', '--projects-root', missing], t.io), 1);
    assert.match(t.stderr(), new RegExp(`projects_root: ${missing} does not exist`));
    assert.deepEqual(await readdir(cwd), []);
  });

  it('runInit() writes nothing when the result fails the config check (env override): exit 2', async () => {
    const { cwd } = await setup();
    const env = { CLAUSTER_AUTH_COOKIE_SECURE: 'never' };
    const t = createTestIo({ home: home.path, cwd, env });
    t.input(`${PASSWORD}\n`, true);
    assert.equal(await main(['init', '--host', '0.0.0.0', '--password'], t.io), 2);
    assert.match(t.stderr(), /would not pass the config check.*\nrefused: auth\.cookie_secure/s);
    assert.deepEqual(await readdir(cwd), []);
  });

  it('runInit() exits 2 for a network host without a password given at the prompt', async () => {
    const { cwd } = await setup();
    const t = createTestIo({ home: home.path, cwd, isTTY: true });
    t.input('\n0.0.0.0\n0.0.0.0\n0.0.0.0\n');
    assert.equal(await main(['init', '--no-password'], t.io), 2);
    assert.match(t.stderr(), /0\.0\.0\.0 is a network address/);
    assert.deepEqual(await readdir(cwd), []);
  });

  it('runInit() refuses a password over 1024 bytes from stdin before hashing it', async () => {
    const { cwd } = await setup();
    const t = createTestIo({ home: home.path, cwd });
    t.input(`${'p'.repeat(1025)}\n`, true);
    assert.equal(await main(['init', '--host', '0.0.0.0', '--password'], t.io), 1);
    assert.match(t.stderr(), /^clauster init: password: at most 1024 bytes\n$/);
    assert.deepEqual(await readdir(cwd), []);
  });

  it('runInit() refuses a bad port flag and conflicting password flags', async () => {
    const { cwd } = await setup();
    const t = createTestIo({ home: home.path, cwd });
    assert.equal(await main(['init', '--port', '0'], t.io), 1);
    assert.match(t.stderr(), /port: expected a number from 1 to 65535, got "0"/);
    const both = createTestIo({ home: home.path, cwd });
    assert.equal(await main(['init', '--password', '--no-password'], both.io), 2);
    assert.deepEqual(await readdir(cwd), []);
  });
});

describe('runInit() --json failures', () => {
  it('runInit() --json answers a refusal with the error body on stdout and the line on stderr', async () => {
    const cases: Array<{ argv: string[]; exit: number; code: string; line: RegExp }> = [
      {
        argv: ['--password', '--no-password'],
        exit: 2,
        code: 'invalid-option',
        line: /^clauster init: --password and --no-password exclude each other/,
      },
      { argv: ['--port', '99999'], exit: 1, code: 'init-refused', line: /^clauster init: port/ },
      {
        argv: ['--host', '0.0.0.0'],
        exit: 2,
        code: 'config-invalid',
        line: /^clauster init: host: 0\.0\.0\.0 is a network address/,
      },
    ];
    for (const { argv, exit, code, line } of cases) {
      const cwd = join(home.path, `json-${code}`);
      await mkdir(cwd);
      const t = createTestIo({ home: home.path, cwd });
      assert.equal(await main(['init', '--yes', '--json', ...argv], t.io), exit, t.stderr());
      const body = JSON.parse(t.stdout()) as { error: { code: string; message: string } };
      assert.equal(body.error.code, code, argv.join(' '));
      assert.match(t.stderr(), line);
      assert.deepEqual(await readdir(cwd), [], 'nothing written');
    }
  });

  it('runInit() --json for an existing file prints {written: false} and still says why on stderr', async () => {
    const cwd = join(home.path, 'json-exists');
    await mkdir(cwd);
    const path = join(cwd, 'clauster.yml');
    await writeFile(path, 'port: 9999\n');
    const t = createTestIo({ home: home.path, cwd });
    assert.equal(await main(['init', '--yes', '--json'], t.io), 1);
    const doc = JSON.parse(t.stdout()) as { path: string; written: boolean; reason: string };
    assert.deepEqual([doc.path, doc.written, doc.reason], [path, false, 'exists']);
    assert.match(t.stderr(), /already exists; init never overwrites a config file/);
  });
});
