import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, it } from 'node:test';
import { main } from '../../src/cli/main.js';
import { createTestIo, type TestIoOptions } from '../support/cli-io.js';
import { useTempDir } from '../support/temp.js';

const home = useTempDir('clauster-cli-create-');
let projectsRoot: string;
let configPath: string;

beforeEach(async () => {
  projectsRoot = join(home.path, 'code');
  await mkdir(projectsRoot);
  configPath = join(home.path, 'clauster.yml');
  await writeFile(configPath, `projects_root: ${projectsRoot}\n`);
});

async function run(argv: string[], deps: TestIoOptions['deps'] = {}) {
  const t = createTestIo({ home: home.path, deps });
  const code = await main(['projects', 'create', ...argv], t.io);
  return { code, stdout: t.stdout(), stderr: t.stderr() };
}

describe('clauster projects create', () => {
  it('projects create prints its usage for --help and is named in projects --help', async () => {
    const help = await run(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: clauster projects create <name> \[--git\]/);
    const t = createTestIo({ home: home.path });
    assert.equal(await main(['projects', '--help'], t.io), 0);
    assert.match(t.stdout(), /clauster projects create <name>/);
  });

  it('projects create makes the directory and prints where (exit 0)', async () => {
    const { code, stdout } = await run(['--config', configPath, 'demo']);
    assert.equal(code, 0);
    assert.equal(stdout, `created demo at ${join(projectsRoot, 'demo')}\n`);
    assert.deepEqual(await readdir(join(projectsRoot, 'demo')), []);
  });

  it('projects create --git --json makes a repository and prints the project', async () => {
    const { code, stdout } = await run(['--config', configPath, '--git', '--json', 'repo']);
    assert.equal(code, 0);
    assert.deepEqual(JSON.parse(stdout), {
      project: { name: 'repo', path: join(projectsRoot, 'repo'), git: true },
    });
    const head = await readFile(join(projectsRoot, 'repo', '.git', 'HEAD'), 'utf8');
    assert.equal(head.trim(), 'ref: refs/heads/main');
  });

  it('projects create exits 1 for an existing project, in text and --json', async () => {
    await mkdir(join(projectsRoot, 'taken'));
    const text = await run(['--config', configPath, 'taken']);
    assert.equal(text.code, 1);
    assert.match(text.stderr, /^clauster projects create: project taken already exists/);
    const json = await run(['--config', configPath, '--json', 'taken']);
    assert.equal(json.code, 1);
    assert.equal(JSON.parse(json.stdout).error.code, 'project-exists');
    assert.match(json.stderr, /^clauster projects create: project taken already exists/);
  });

  it('projects create exits 1 when clone.enabled is false', async () => {
    await writeFile(configPath, `projects_root: ${projectsRoot}\nclone:\n  enabled: false\n`);
    const { code, stderr } = await run(['--config', configPath, 'demo']);
    assert.equal(code, 1);
    assert.match(stderr, /clone\.enabled: false/);
    assert.deepEqual(await readdir(projectsRoot), []);
  });

  it('projects create exits 2 for a bad name, a missing name or an unknown option', async () => {
    for (const argv of [['../x'], ['.hidden'], [], ['--bogus', 'x'], ['a', 'b']]) {
      const { code, stderr } = await run(['--config', configPath, ...argv]);
      assert.equal(code, 2, argv.join(' '));
      assert.match(stderr, /^clauster projects create: /, argv.join(' '));
    }
    assert.deepEqual(await readdir(projectsRoot), []);
  });

  it('projects create exits 2 for a refused config or a missing projects_root', async () => {
    await writeFile(configPath, 'no_such_key: 1\n');
    assert.equal((await run(['--config', configPath, 'demo'])).code, 2);
    await writeFile(configPath, `projects_root: ${join(home.path, 'missing')}\n`);
    const missing = await run(['--config', configPath, 'demo']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /projects_root/);
  });

  it('projects create exits 1 with create-failed for an I/O error (not a usage error)', async () => {
    const base = createTestIo({ home: home.path }).io.deps.fs;
    const mkdir = async () => {
      throw Object.assign(new Error('fake'), { code: 'ENOSPC' });
    };
    const result = await run(['--config', configPath, '--json', 'demo'], {
      fs: { ...base, mkdir },
    });
    assert.equal(result.code, 1);
    assert.deepEqual(JSON.parse(result.stdout).error, {
      code: 'create-failed',
      message: `cannot create ${join(projectsRoot, 'demo')} (ENOSPC)`,
    });
  });

  it('projects create --help says that .. in a name is refused', async () => {
    assert.match((await run(['--help'])).stdout, /a name containing "\.\." is refused/);
  });
});
