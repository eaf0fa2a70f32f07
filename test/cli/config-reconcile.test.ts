import assert from 'node:assert/strict';
import { chmod, readdir, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { main } from '../../src/cli/main.js';
import { createTestIo } from '../support/cli-io.js';
import { useTempDir } from '../support/temp.js';

const home = useTempDir();

// Obviously fake values; none may ever reach the output.
const HASH_TAIL = 'B'.repeat(43);
const FAKE_HASH = `$argon2id$v=19$m=19456,t=2,p=1$${'A'.repeat(22)}$${HASH_TAIL}`;
const HOOK_SECRET = 'FAKEHOOKPATHxyz';
const APPRISE_SECRET = 'FAKEAPPRISEtok';

const LEGACY = `# clauster config
port: 7621

claude:
  # bridges start this binary
  binary: claude # on PATH
  launch_mode: pty
  resume_mode: continue
usage:
  currency: EUR
  # the old switch
  show_cost: false
webhooks:
  events:
    bg-settled: true
    spawn: false
claustrum:
  enabled: true
# the end
`;

const RECONCILED = `# clauster config
port: 7621

claude:
  # bridges start this binary
  binary: claude # on PATH
usage:
  currency: EUR
  # the old switch
  mode: tokens
webhooks:
  events:
    spawn: false

# the end
`;

async function writeConfig(text: string, name = 'clauster.yml'): Promise<string> {
  const path = join(home.path, name);
  await writeFile(path, text);
  return path;
}

async function reconcile(args: string[], now = Date.UTC(2025, 0, 2, 3, 4, 5)) {
  const t = createTestIo({ home: home.path, deps: { clock: { now: () => now } } });
  const code = await main(['config', 'reconcile', ...args], t.io);
  return { code, out: t.stdout(), err: t.stderr() };
}

async function backups(): Promise<string[]> {
  return (await readdir(home.path)).filter((name) => name.includes('.bak-')).sort();
}

describe('runConfigReconcile()', () => {
  it('runConfigReconcile() rewrites legacy keys, keeping comments and key order exactly', async () => {
    const path = await writeConfig(LEGACY);
    const { code, out } = await reconcile(['-c', path]);
    assert.equal(code, 0);
    assert.equal(await readFile(path, 'utf8'), RECONCILED);
    assert.deepEqual(out.trim().split('\n'), [
      'removed claustrum (not implemented)',
      'removed claude.launch_mode (not implemented)',
      'removed claude.resume_mode (not implemented)',
      'removed webhooks.events.bg-settled (not implemented)',
      'usage.show_cost: false → usage.mode: tokens',
      `wrote ${path} (backup: ${path}.bak-20250102T030405Z)`,
    ]);
    assert.equal(await readFile(`${path}.bak-20250102T030405Z`, 'utf8'), LEGACY);
    const check = createTestIo({ home: home.path });
    assert.equal(await main(['check-config', '-c', path], check.io), 0);
    // This file has no projects_root, which check-config warns about on its own.
    const left = check
      .stderr()
      .split('\n')
      .filter((line) => line !== '' && !line.startsWith('warning: projects_root is not set:'));
    assert.deepEqual(left, [], 'no legacy warning is left');
  });

  it('runConfigReconcile() maps show_cost: true to mode: cost, and drops it when mode is set', async () => {
    const path = await writeConfig('usage:\n  show_cost: true # old\n');
    assert.equal((await reconcile(['-c', path])).code, 0);
    assert.equal(await readFile(path, 'utf8'), 'usage:\n  mode: cost # old\n');
    await writeConfig('usage:\n  mode: off\n  show_cost: true\n');
    const { out } = await reconcile(['-c', path]);
    assert.equal(await readFile(path, 'utf8'), 'usage:\n  mode: off\n');
    assert.match(out, /^removed usage\.show_cost \(usage\.mode is already set\)$/m);
  });

  it('runConfigReconcile() --dry-run prints the changed lines and writes nothing', async () => {
    const path = await writeConfig(LEGACY);
    const before = await stat(path);
    const { code, out } = await reconcile(['--dry-run', '-c', path]);
    assert.equal(code, 0);
    assert.equal(await readFile(path, 'utf8'), LEGACY);
    assert.equal((await stat(path)).mtimeMs, before.mtimeMs);
    assert.deepEqual(await backups(), []);
    assert.match(out, /^- {2}launch_mode: <hidden>$/m);
    assert.match(out, /^- {2}show_cost: false\n\+ {2}mode: tokens$/m);
    assert.match(out, /^- {4}bg-settled: true$/m);
    assert.match(out, /^dry run: nothing written$/m);
  });

  it('runConfigReconcile() with nothing to change leaves the file and its mtime alone', async () => {
    const path = await writeConfig(RECONCILED);
    const old = new Date('2024-05-06T07:08:09Z');
    await utimes(path, old, old);
    const { code, out } = await reconcile(['-c', path]);
    assert.equal(code, 0);
    assert.equal(out, `nothing to reconcile in ${path}\n`);
    assert.equal((await stat(path)).mtimeMs, old.getTime());
    assert.deepEqual(await backups(), []);
  });

  it('runConfigReconcile() exits 2 and says so when the config is already refused', async () => {
    const text = 'port: "7777"\nclaude:\n  launch_mode: pty\n';
    const path = await writeConfig(text);
    const { code, err } = await reconcile(['-c', path]);
    assert.equal(code, 2);
    assert.match(err, /^refused: port: expected a number/m);
    assert.match(err, /^clauster config reconcile: the config is already refused; fix that first/m);
    assert.match(err, /nothing written to /);
    assert.equal(await readFile(path, 'utf8'), text);
    assert.deepEqual(await backups(), []);
  });

  it('runConfigReconcile() exits 2 for a refused config with nothing to rewrite, text and --json', async () => {
    // One refused by the schema, one by a startup validator (a network bind without auth).
    for (const text of ['port: "7777"\n', 'host: 0.0.0.0\n']) {
      const path = await writeConfig(text);
      const { code, out, err } = await reconcile(['-c', path]);
      assert.equal(code, 2, out);
      assert.equal(out, '');
      assert.match(err, /^refused: (port|host): expected /m);
      assert.match(err, /the config is already refused; fix that first/);
      const json = await reconcile(['--json', '-c', path]);
      assert.equal(json.code, 2);
      const doc = JSON.parse(json.out) as { ok: boolean; refusal: string; problems: unknown[] };
      assert.deepEqual([doc.ok, doc.refusal, doc.problems.length], [false, 'refused', 1]);
      assert.match(json.err, /^refused: /m);
      assert.equal(await readFile(path, 'utf8'), text);
    }
    assert.deepEqual(await backups(), []);
  });

  it('runConfigReconcile() never rewrites a refused config, even when the rewrite is clean', async () => {
    const text = 'host: 0.0.0.0\nclaustrum:\n  enabled: true\n';
    const path = await writeConfig(text);
    for (const args of [['--dry-run'], []]) {
      const { code, out, err } = await reconcile([...args, '-c', path]);
      assert.equal(code, 2, err);
      assert.match(out, /^removed claustrum/m);
      assert.doesNotMatch(out, /^(wrote|dry run)/m);
      assert.match(err, /^refused: host: expected a loopback host/m);
      assert.match(err, /the config is already refused/);
    }
    assert.equal(await readFile(path, 'utf8'), text);
    assert.deepEqual(await backups(), []);
  });

  it('runConfigReconcile() exits 2 when the file does not load, like check-config', async () => {
    const path = await writeConfig('port: 1\nport: 2\nclaustrum: {}\n');
    const { code, err } = await reconcile(['-c', path]);
    assert.equal(code, 2);
    assert.match(err, /the file does not load/);
  });

  it('runConfigReconcile() refuses non-UTF-8 bytes (exit 2) instead of replacing them', async () => {
    const path = join(home.path, 'clauster.yml');
    const bytes = Buffer.from('# caf\xe9\nport: 7621\nclaustrum: {}\n', 'latin1');
    await writeFile(path, bytes);
    const { code, err } = await reconcile(['-c', path]);
    assert.equal(code, 2);
    assert.match(err, /expected a UTF-8 config file/);
    assert.deepEqual(await readFile(path), bytes);
    assert.deepEqual(await backups(), []);
  });

  it('runConfigReconcile() keeps the mode exactly and at most 5 backups, each 0600', async () => {
    const path = await writeConfig('port: 7621\nclaustrum: {}\n');
    // 0666 is wider than the umask allows, so only an exact chmod keeps it.
    await chmod(path, 0o666);
    for (let run = 0; run < 7; run += 1) {
      await writeFile(path, `# run ${run}\nport: 7621\nclaustrum: {}\n`);
      assert.equal((await reconcile(['-c', path], Date.UTC(2025, 0, 1, 0, 0, run))).code, 0);
    }
    assert.equal((await stat(path)).mode & 0o777, 0o666);
    assert.equal(await readFile(path, 'utf8'), '# run 6\nport: 7621\n');
    const kept = await backups();
    assert.deepEqual(
      kept,
      [2, 3, 4, 5, 6].map((s) => `clauster.yml.bak-20250101T00000${s}Z`),
    );
    for (const name of kept) assert.equal((await stat(join(home.path, name))).mode & 0o777, 0o600);
    const oldest = await readFile(join(home.path, kept[0] ?? ''), 'utf8');
    assert.equal(oldest, '# run 2\nport: 7621\nclaustrum: {}\n');
  });

  it('runConfigReconcile() never prints secret values, in text, dry run or --json', async () => {
    const text = [
      'auth:',
      `  password_hash: "${FAKE_HASH}"`,
      'webhooks:',
      `  urls: ["https://hooks.example.com/${HOOK_SECRET}"]`,
      'notifications:',
      `  urls: ["tgram://${APPRISE_SECRET}/1"]`,
      'db:',
      `  token: ${APPRISE_SECRET}`,
      '',
    ].join('\n');
    for (const args of [['--dry-run'], ['--dry-run', '--json'], ['--json'], []]) {
      const path = await writeConfig(text);
      const { code, out, err } = await reconcile([...args, '-c', path]);
      assert.equal(code, 0, err);
      for (const secret of [HASH_TAIL, HOOK_SECRET, APPRISE_SECRET])
        assert.equal(`${out}${err}`.includes(secret), false, `${args.join(' ')} leaked`);
    }
  });

  it('runConfigReconcile() --json gives {ok, source, target, dry_run, changes, diff, written, backup, refusal, problems}', async () => {
    const path = await writeConfig('claude:\n  binary: claude\n  launch_mode: pty\n');
    const { code, out } = await reconcile(['--json', '-c', path]);
    assert.equal(code, 0);
    assert.deepEqual(JSON.parse(out), {
      ok: true,
      source: path,
      target: path,
      dry_run: false,
      changes: [
        {
          path: 'claude.launch_mode',
          action: 'removed',
          message: 'removed claude.launch_mode (not implemented)',
        },
      ],
      diff: null,
      written: true,
      backup: `${path}.bak-20250102T030405Z`,
      refusal: null,
      problems: [],
    });
  });

  it('runConfigReconcile() exits 2 without a config file, and `config` alone prints its usage', async () => {
    const missing = await reconcile(['-c', join(home.path, 'nope.yml')]);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /no config file at .*nope\.yml/);
    const none = await reconcile([]);
    assert.equal(none.code, 2);
    assert.match(none.err, /no config file found/);
    const t = createTestIo({ home: home.path });
    assert.equal(await main(['config'], t.io), 2);
    assert.match(t.stderr(), /^Usage: clauster config <subcommand>/);
    const u = createTestIo({ home: home.path });
    assert.equal(await main(['config', 'rewrite'], u.io), 2);
    assert.match(u.stderr(), /unknown subcommand 'rewrite'/);
  });
});
