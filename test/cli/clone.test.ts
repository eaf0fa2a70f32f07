import assert from 'node:assert/strict';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, it } from 'node:test';
import { runClone } from '../../src/cli/clone.js';
import { main } from '../../src/cli/main.js';
import type { ChildHandle, ExitResult, Lookup, Spawn } from '../../src/system/ports.js';
import { readAuditEntries } from '../support/audit-log.js';
import { createTestIo } from '../support/cli-io.js';
import { answerGitVersion } from '../support/fake-git.js';
import { useTempDir } from '../support/temp.js';

const stubLookup: Lookup = async (host) => {
  if (host === 'github.example') return [{ address: '140.82.112.3', family: 4 }];
  if (host === 'internal.example') return [{ address: '10.0.0.5', family: 4 }];
  throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
};

/**
 * A fake git: answers `--version` with `version`; a clone prints progress, then either creates
 * the clone or waits to be killed.
 */
function createFakeGit(mode: 'succeed' | 'hang', version?: string): Spawn & { calls: number } {
  const state = { calls: 0 };
  const spawn: Spawn = (_file, args) => {
    state.calls += 1;
    const answer = answerGitVersion(args, version);
    if (answer !== null) return answer;
    let exit: (result: ExitResult) => void = () => {};
    const exited = new Promise<ExitResult>((resolve) => {
      exit = resolve;
    });
    const dest = args.at(-1) ?? '';
    async function* stderr(): AsyncGenerator<string> {
      yield 'Receiving objects:  50% (1/2)\rReceiving objects: 100% (2/2), done.\n';
      if (mode === 'succeed') {
        await mkdir(dest);
        await writeFile(join(dest, 'README.md'), 'hi\n');
        exit({ exitCode: 0, signal: null });
      }
    }
    const child: ChildHandle = {
      pid: undefined,
      stderr: stderr(),
      exited,
      kill: () => {
        exit({ exitCode: null, signal: 'SIGKILL' });
        return true;
      },
    };
    return child;
  };
  // defineProperty, not Object.assign: assign would copy the getter's value once (always 0).
  return Object.defineProperty(spawn, 'calls', { get: () => state.calls }) as Spawn & {
    calls: number;
  };
}

const home = useTempDir('clauster-cli-clone-');
let projectsRoot: string;
let configPath: string;

beforeEach(async () => {
  projectsRoot = join(home.path, 'projects');
  await mkdir(projectsRoot);
  configPath = join(home.path, 'clauster.yml');
  await writeFile(configPath, `projects_root: ${projectsRoot}\n`);
});

function makeIo(options: { spawn?: Spawn; isTTY?: boolean } = {}) {
  const spawn = options.spawn ?? createFakeGit('succeed');
  return createTestIo({
    home: home.path,
    isTTY: options.isTTY ?? false,
    deps: { lookup: stubLookup, spawn },
  });
}

describe('runClone()', () => {
  it('runClone() prints its usage for --help', async () => {
    const t = makeIo();
    assert.equal(await runClone(['--help'], t.io), 0);
    assert.match(t.stdout(), /^Usage: clauster clone <url>/);
  });

  it('runClone() exits 2 for a missing URL, a bad depth or an unknown option', async () => {
    for (const argv of [[], ['https://github.example/o/r', '--depth', 'x'], ['--bogus', 'u']]) {
      const t = makeIo();
      assert.equal(await runClone(['--config', configPath, ...argv], t.io), 2, argv.join(' '));
      assert.match(t.stderr(), /^clauster clone: .*\n\nUsage: clauster clone/);
    }
  });

  it('runClone() --json: a refusal prints the error body on stdout and the line on stderr', async () => {
    await mkdir(join(projectsRoot, 'r'));
    const t = makeIo();
    const argv = ['-c', configPath, '--json', 'https://github.example/o/r'];
    assert.equal(await runClone(argv, t.io), 1);
    const { error } = JSON.parse(t.stdout()) as { error: { code: string; message: string } };
    assert.match(error.message, /already exists/);
    assert.equal(t.stderr(), `clauster clone: ${error.message}\n`);
  });

  it('runClone() --json reports a refused config as every command does', async () => {
    for (const text of ['port: many\n', 'clone:\n  allowed_private_cidrs: [nope]\n']) {
      await writeFile(configPath, `projects_root: ${projectsRoot}\n${text}`);
      const t = makeIo();
      const argv = ['-c', configPath, '--json', 'https://github.example/o/r'];
      assert.equal(await runClone(argv, t.io), 2, text);
      const { error } = JSON.parse(t.stdout()) as { error: { code: string; message: string } };
      assert.equal(error.code, 'config-invalid');
      assert.match(error.message, /^config refused \(1 problem\) from [^:]+: /);
      assert.match(t.stderr(), /^refused: .*\nclauster clone: config refused in [^\n]+\n$/s);
    }
  });

  it('runClone() --dry-run prints the rule and exits 1 for a refused URL', async () => {
    const cases = [
      ['file:///etc/passwd', /^refused: scheme: /],
      ['https://10.0.0.5/o/r.git', /^refused: private-address 10\.0\.0\.5: /],
      ['https://internal.example/o/r.git', /^refused: private-address 10\.0\.0\.5: /],
      ['https://nowhere.example/o/r.git', /^refused: unresolvable: /],
    ] as const;
    for (const [url, expected] of cases) {
      const t = makeIo();
      assert.equal(await runClone(['--config', configPath, '--dry-run', url], t.io), 1, url);
      assert.match(t.stdout(), expected);
    }
  });

  it('runClone() --dry-run exits 0 for an allowed URL and spawns nothing', async () => {
    const spawn = createFakeGit('succeed');
    const t = makeIo({ spawn });
    const code = await runClone(
      ['-c', configPath, '--dry-run', 'https://github.example/o/r'],
      t.io,
    );
    assert.equal(code, 0);
    assert.match(t.stdout(), /^allowed: https URL to github\.example \(140\.82\.112\.3\)/);
    assert.equal(spawn.calls, 0);
    assert.deepEqual(await readdir(projectsRoot), []);
  });

  it('runClone() --dry-run --json prints {allowed, rule, detail}', async () => {
    const t = makeIo();
    const code = await runClone(
      ['-c', configPath, '--dry-run', '--json', 'git@internal.example:r'],
      t.io,
    );
    assert.equal(code, 1);
    const body = JSON.parse(t.stdout()) as { allowed: boolean; rule: string; detail: string };
    assert.equal(body.allowed, false);
    assert.equal(body.rule, 'private-address');
  });

  it('runClone() clones, printing plain progress lines when not on a TTY', async () => {
    const t = makeIo();
    const code = await runClone(
      ['-c', configPath, 'https://github.example/o/r.git', '--name', 'mine'],
      t.io,
    );
    assert.equal(code, 0, t.stderr());
    assert.deepEqual(await readdir(projectsRoot), ['mine']);
    assert.match(t.stdout(), /^cloned https:\/\/github\.example\/o\/r\.git into mine/);
    assert.match(t.stderr(), /^receiving-objects 50%\nreceiving-objects 100%\n/m);
    assert.doesNotMatch(t.stderr(), /\r/);
  });

  it('runClone() appends the clone-start entry of POST /api/projects/clone, by cli', async () => {
    const t = makeIo();
    const code = await runClone(
      ['-c', configPath, 'https://github.example/o/r.git', '--name', 'mine'],
      t.io,
    );
    assert.equal(code, 0, t.stderr());
    // No state_dir in the config: the default under the temp HOME.
    const entries = await readAuditEntries(join(home.path, '.clauster'));
    assert.deepEqual(
      entries.map(({ ts: _ts, job, ...entry }) => ({ ...entry, job: typeof job })),
      [
        {
          action: 'clone-start',
          job: 'string',
          url: 'https://github.example/o/r.git',
          name: 'mine',
          by: 'cli',
        },
      ],
    );
  });

  it('runClone() redraws one progress line on a TTY', async () => {
    const t = makeIo({ isTTY: true });
    assert.equal(await runClone(['-c', configPath, 'https://github.example/o/r.git'], t.io), 0);
    assert.match(t.stderr(), /\r\[#{12}\.{12}\] {2}50% receiving-objects/);
    assert.match(t.stderr(), /\r\[#{24}\] 100% receiving-objects/);
  });

  it('runClone() cancels on Ctrl-C and leaves nothing behind', async () => {
    const t = makeIo({ spawn: createFakeGit('hang') });
    const pending = runClone(['-c', configPath, '--json', 'https://github.example/o/r.git'], t.io);
    const deadline = Date.now() + 30_000;
    while (
      !(await readdir(projectsRoot)).some((n) => n.endsWith('.clone-tmp')) &&
      Date.now() < deadline
    ) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    t.signal('SIGINT');
    assert.equal(await pending, 1);
    const { job } = JSON.parse(t.stdout()) as { job: { status: string } };
    assert.equal(job.status, 'cancelled');
    assert.match(
      t.stderr(),
      /^clauster clone: clone cancelled: /m,
      'said on stderr with --json too',
    );
    assert.deepEqual(await readdir(projectsRoot), []);
  });

  it('runClone() appends the clone-cancel entry of DELETE /api/clone-jobs/{id} on Ctrl-C', async () => {
    const t = makeIo({ spawn: createFakeGit('hang') });
    const pending = runClone(['-c', configPath, '--json', 'https://github.example/o/r.git'], t.io);
    let settled = false;
    void pending.finally(() => {
      settled = true;
    });
    // Ctrl-C twice in a row until the command ends (one before it listens is lost).
    const deadline = Date.now() + 30_000;
    while (!settled && Date.now() < deadline) {
      t.signal('SIGINT');
      t.signal('SIGINT');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.equal(await pending, 1);
    const { job } = JSON.parse(t.stdout()) as { job: { id: string } };
    assert.deepEqual(
      (await readAuditEntries(join(home.path, '.clauster'))).map(
        ({ ts: _ts, url: _url, ...entry }) => entry,
      ),
      [
        { action: 'clone-start', job: job.id, name: 'r', by: 'cli' },
        { action: 'clone-cancel', job: job.id, name: 'r', by: 'cli' },
      ],
      'one clone-cancel entry however many Ctrl-C',
    );
  });

  it('runClone() exits 1 naming the versions when git is too old to pin https', async () => {
    const spawn = createFakeGit('succeed', '2.34.1');
    const t = makeIo({ spawn });
    assert.equal(await runClone(['-c', configPath, 'https://github.example/o/r.git'], t.io), 1);
    assert.match(t.stderr(), /^clauster clone: git 2\.34\.1 is too old: .*git 2\.37 or newer\n$/);
    assert.equal(spawn.calls, 1);
    assert.deepEqual(await readdir(projectsRoot), []);
  });

  it('runClone() exits 1 when clone.enabled is false', async () => {
    await writeFile(configPath, `projects_root: ${projectsRoot}\nclone:\n  enabled: false\n`);
    const t = makeIo();
    assert.equal(await runClone(['-c', configPath, 'https://github.example/o/r'], t.io), 1);
    assert.match(t.stderr(), /^clauster clone: cloning is off \(clone\.enabled: false\)/);
  });

  it('runClone() exits 2 for an invalid name and 1 for an existing project', async () => {
    const bad = makeIo();
    assert.equal(
      await runClone(['-c', configPath, 'https://github.example/o/r', '--name', '..'], bad.io),
      2,
    );
    await mkdir(join(projectsRoot, 'r'));
    const exists = makeIo();
    assert.equal(await runClone(['-c', configPath, 'https://github.example/o/r'], exists.io), 1);
    assert.match(exists.stderr(), /already exists/);
  });

  it('main() dispatches `clone`', async () => {
    const t = makeIo();
    assert.equal(await main(['clone', '--help'], t.io), 0);
    assert.match(t.stdout(), /clauster clone/);
  });
});
