import assert from 'node:assert/strict';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runMain } from '../support/cli-run.js';
import { useTempDir } from '../support/temp.js';

const home = useTempDir();
const README = fileURLToPath(new URL('../../README.md', import.meta.url));

function run(argv: string[]) {
  return runMain(argv, { home: home.path });
}

/** The long option names listed in a help text's `Options:` section. */
function listedOptions(help: string): string[] {
  const [, section = ''] = help.split(/^Options:\n/m);
  const block = section.split(/\n\n/)[0] ?? '';
  return [...block.matchAll(/^ {2}(?:-\w, )?(--[\w-]+)/gm)].map((match) => match[1] ?? '');
}

describe('runBackupCommand() / runRestore() output', () => {
  it('backup prints a refused config as refused: lines and a config refused summary', async () => {
    const configPath = join(home.path, 'bad.yml');
    await writeFile(configPath, 'port: "nope"\n');
    const human = await run(['backup', '-c', configPath, '-o', join(home.path, 'x.tar.gz')]);
    assert.equal(human.code, 2);
    assert.equal(human.out, '');
    assert.match(
      human.err,
      /^refused: port: expected .*\nclauster backup: config refused in [^\n]+\n$/,
    );

    const json = await run(['backup', '-c', configPath, '--json']);
    assert.equal(json.code, 2);
    const { error } = JSON.parse(json.out) as { error: { code: string; message: string } };
    assert.equal(error.code, 'config-invalid');
    assert.match(error.message, /port: expected/);
    assert.match(json.err, /clauster backup: config refused in [^\n]+\n$/);
    await assert.rejects(stat(join(home.path, 'x.tar.gz')), /ENOENT/);
  });

  it('backup --json prints a failure as {error:{code, message}} on stdout, the line on stderr', async () => {
    const missing = join(home.path, 'no-state');
    const configPath = join(home.path, 'clauster.yml');
    await writeFile(configPath, `state_dir: ${missing}\n`);
    const json = await run(['backup', '-c', configPath, '--json', '-o', join(home.path, 'b.tgz')]);
    assert.equal(json.code, 1);
    assert.deepEqual(JSON.parse(json.out), {
      error: {
        code: 'state-dir-missing',
        message: `state_dir ${missing} does not exist; check state_dir in the config, or pass --state-dir DIR`,
      },
    });
    assert.match(json.out, /^\{\n {2}"error": \{\n/);
    assert.match(json.err, /^clauster backup: state_dir .* does not exist/);
    const human = await run(['backup', '-c', configPath, '-o', join(home.path, 'b.tgz')]);
    assert.equal(human.code, 1);
    assert.equal(human.out, '');
  });

  it('restore --json prints an unreadable archive as {error} on stdout, exit 2', async () => {
    const bogus = join(home.path, 'bogus.tar.gz');
    await writeFile(bogus, 'not a tarball');
    const json = await run(['restore', bogus, '--state-dir', join(home.path, 't'), '--json']);
    assert.equal(json.code, 2);
    assert.equal(JSON.parse(json.out).error.code, 'bad-archive');
    assert.match(json.err, /^clauster restore: .*bogus\.tar\.gz is not a readable clauster backup/);
  });

  const accepted: Record<string, string[]> = {
    backup: ['--out', '--force', '--with-logs', '--state-dir', '--config', '--json', '--help'],
    restore: ['--state-dir', '--config-out', '--force', '--json', '--help'],
    'install-service': ['--user', '--write', '--force', '--config', '--help'],
  };
  for (const [command, options] of Object.entries(accepted)) {
    it(`${command} --help lists exactly its options in an Options: section`, async () => {
      const help = await run([command, '--help']);
      assert.equal(help.code, 0);
      assert.deepEqual(listedOptions(help.out).sort(), [...options].sort());
    });
  }

  it("README's backup and restore lines name the same flags as --help", async () => {
    const readme = await readFile(README, 'utf8');
    const backupLine = /`backup (\[[^`]*)`/.exec(readme)?.[1] ?? '';
    for (const flag of [
      '-o FILE',
      '--force',
      '--with-logs',
      '--state-dir DIR',
      '-c/--config',
      '--json',
    ])
      assert.ok(backupLine.includes(flag), `README backup line lacks ${flag}: ${backupLine}`);
    const restoreLine = /`restore (FILE[^`]*)`/.exec(readme)?.[1] ?? '';
    for (const flag of ['--state-dir DIR', '--config-out PATH', '--force', '--json'])
      assert.ok(restoreLine.includes(flag), `README restore line lacks ${flag}: ${restoreLine}`);
  });
});
