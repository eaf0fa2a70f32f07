import assert from 'node:assert/strict';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  describeDefaultPort,
  describeDefaultProjectsRoot,
  describeDefaultStateDir,
} from '../../src/cli/no-config-note.js';
import { configSchema } from '../../src/config/schema.js';
import type { Fetch } from '../../src/system/ports.js';
import { runMain } from '../support/cli-run.js';
import { useTempDir } from '../support/temp.js';

const home = useTempDir();
const FIX = 'pass -c PATH or set CLAUSTER_CONFIG';

const refuse: Fetch = async () => {
  throw new TypeError('fetch failed');
};

/** Runs `argv` from an empty directory under the temp HOME: no ./clauster.yml there. */
async function runElsewhere(argv: string[], env: Record<string, string> = {}) {
  const cwd = join(home.path, 'elsewhere');
  await mkdir(cwd, { recursive: true });
  return runMain(argv, { home: home.path, cwd, env, deps: { fetch: refuse } });
}

async function writeConfig(text: string): Promise<string> {
  const path = join(home.path, 'conf', 'clauster.yml');
  await mkdir(join(home.path, 'conf'), { recursive: true });
  await writeFile(path, text);
  return path;
}

describe('describeDefaultPort()', () => {
  it('describeDefaultPort() names the default port, or one set by the environment', () => {
    const defaults = configSchema.parse({});
    assert.equal(
      describeDefaultPort(defaults),
      `no config file found, so the default port 7621; ${FIX}`,
    );
    assert.equal(
      describeDefaultPort({ ...defaults, port: 8123 }),
      `no config file found, so port 8123 from the environment; ${FIX}`,
    );
  });
});

describe('describeDefaultStateDir()', () => {
  it('describeDefaultStateDir() names ~/.clauster as the default, any other as from the environment', () => {
    const dir = join(home.path, '.clauster');
    assert.equal(
      describeDefaultStateDir(dir, home.path),
      `no config file found, so the default state_dir ${dir}; ${FIX}`,
    );
    assert.equal(
      describeDefaultStateDir('/srv/st\u001b[2Jate', home.path),
      `no config file found, so state_dir /srv/st\\u001b[2Jate from the environment; ${FIX}`,
    );
  });
});

describe('describeDefaultProjectsRoot()', () => {
  it('describeDefaultProjectsRoot() says there is none, or where the environment put it', () => {
    const defaults = configSchema.parse({});
    assert.equal(
      describeDefaultProjectsRoot(defaults),
      `no config file found, so no projects_root; ${FIX}`,
    );
    assert.equal(
      describeDefaultProjectsRoot({ ...defaults, projects_root: '/srv/p' }),
      `no config file found, so projects_root /srv/p from the environment; ${FIX}`,
    );
  });
});

describe('dashboard commands without a config file', () => {
  it('runStop() names the default port when nothing answers and no config file was found', async () => {
    const { code, err } = await runElsewhere(['stop', 'alpha']);
    assert.equal(code, 1);
    assert.equal(
      err,
      `clauster stop: dashboard not reachable at http://127.0.0.1:7621 (no config file found, so the default port 7621; ${FIX}); start it with \`clauster run\`\n`,
    );
  });

  it('runStop() names a port from CLAUSTER_PORT as coming from the environment', async () => {
    const { code, err } = await runElsewhere(['stop', 'alpha'], { CLAUSTER_PORT: '8123' });
    assert.equal(code, 1);
    assert.match(err, /at http:\/\/127\.0\.0\.1:8123 \(no config file found, so port 8123 from/);
  });

  it('runStop() adds no note with a config file or an explicit --url', async () => {
    const config = await writeConfig('port: 7777\n');
    const named = await runElsewhere(['stop', 'alpha', '-c', config]);
    assert.equal(named.code, 1);
    assert.equal(
      named.err,
      'clauster stop: dashboard not reachable at http://127.0.0.1:7777; start it with `clauster run`\n',
    );
    const url = await runElsewhere(['stop', 'alpha', '--url', 'http://127.0.0.1:7621']);
    assert.doesNotMatch(url.err, /no config file/);
  });

  it('runStart() --json keeps the error body shape, with the note in its message', async () => {
    const { code, out } = await runElsewhere(['start', 'alpha', '--json']);
    assert.equal(code, 1);
    const body = JSON.parse(out) as { error: { code: string; message: string } };
    assert.deepEqual(Object.keys(body), ['error']);
    assert.equal(body.error.code, 'dashboard-unreachable');
    assert.match(body.error.message, /\(no config file found, so the default port 7621; pass -c/);
  });
});

describe('state commands without a config file', () => {
  it('runStatus() with nothing recorded names the default state_dir on stderr, also with --json', async () => {
    const note = `note: no config file found, so the default state_dir ${join(home.path, '.clauster')}; ${FIX}\n`;
    const text = await runElsewhere(['status']);
    assert.equal(text.code, 0, text.err);
    assert.equal(text.out, 'no bridges recorded\n');
    assert.equal(text.err, note);
    const json = await runElsewhere(['status', '--json']);
    assert.equal(json.code, 0, json.err);
    assert.deepEqual(JSON.parse(json.out), { bridges: [] });
    assert.equal(json.err, note);
  });

  it('runStatus() adds no note when a config file was found', async () => {
    const config = await writeConfig(`state_dir: ${join(home.path, 'state')}\n`);
    const { code, out, err } = await runElsewhere(['status'], { CLAUSTER_CONFIG: config });
    assert.equal(code, 0, err);
    assert.equal(out, 'no bridges recorded\n');
    assert.equal(err, '');
  });

  it('runProjects() without projects_root says no config file was found', async () => {
    const { code, err } = await runElsewhere(['projects']);
    assert.equal(code, 1);
    assert.match(err, /^clauster projects: projects_root: expected a directory, got no value\n/);
    assert.match(err, new RegExp(`\nnote: no config file found, so no projects_root; ${FIX}\n$`));
  });

  it('runProjects() with an empty projects_root from the environment says where it came from', async () => {
    const root = join(home.path, 'projects');
    await mkdir(root);
    const { code, out, err } = await runElsewhere(['projects'], { CLAUSTER_PROJECTS_ROOT: root });
    assert.equal(code, 0, err);
    assert.equal(out, 'no projects under projects_root\n');
    assert.equal(
      err,
      `note: no config file found, so projects_root ${root} from the environment; ${FIX}\n`,
    );
  });

  it('runBackupCommand() says the archive holds the default state_dir and no config', async () => {
    await mkdir(join(home.path, '.clauster'), { mode: 0o700 });
    const archive = join(home.path, 'b.tar.gz');
    const { code, err } = await runElsewhere(['backup', '-o', archive]);
    assert.equal(code, 0, err);
    assert.ok((await stat(archive)).isFile());
    assert.match(
      err,
      /^note: no config file found, so the default state_dir .*; the archive holds no config\n$/,
    );
  });
});
