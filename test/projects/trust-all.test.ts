import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { trustAllProjects } from '../../src/projects/trust-all.js';
import { createNodeDeps } from '../../src/system/node.js';
import { useTempDir } from '../support/temp.js';

describe('trustAllProjects()', () => {
  const temp = useTempDir();

  async function setup(names: string[]) {
    const home = await fs.realpath(temp.path);
    const root = join(home, 'projects');
    for (const name of names) await fs.mkdir(join(root, name), { recursive: true });
    const deps = createNodeDeps({ HOME: home });
    return { home, root, deps };
  }

  it('trustAllProjects() writes each untrusted project once, in order, and reports a grant found meanwhile', async () => {
    const { home, root, deps } = await setup(['a', 'b', 'c']);
    const calls: string[] = [];
    const writer = {
      async setTrusted(dir: string) {
        calls.push(dir);
        return !dir.endsWith('/b');
      },
    };
    const report = await trustAllProjects(
      { projectsRoot: root },
      { bridgeEnv: { HOME: home }, home, writer },
      deps,
    );
    assert.ok(report.ok);
    assert.deepEqual(calls, [join(root, 'a'), join(root, 'b'), join(root, 'c')]);
    assert.deepEqual(
      report.value.outcomes.map((o) => [o.project, o.outcome]),
      [
        ['a', 'trusted'],
        ['b', 'already-trusted'],
        ['c', 'trusted'],
      ],
    );
    assert.equal(report.value.failure, null);
  });

  it('trustAllProjects() stops at an unexpected error, shows only its code and skips the rest', async () => {
    const { home, root, deps } = await setup(['a', 'b', 'c']);
    const calls: string[] = [];
    const writer = {
      async setTrusted(dir: string): Promise<boolean> {
        calls.push(dir);
        throw Object.assign(new Error(`EACCES: secret-ish detail ${dir}`), { code: 'EACCES' });
      },
    };
    const report = await trustAllProjects(
      { projectsRoot: root },
      { bridgeEnv: { HOME: home }, home, writer, only: new Set(['b', 'c']) },
      deps,
    );
    assert.ok(report.ok);
    assert.equal(calls.length, 1);
    assert.deepEqual(report.value.outcomes, [
      {
        project: 'b',
        path: join(root, 'b'),
        outcome: 'failed',
        detail: 'could not be written (EACCES)',
      },
      {
        project: 'c',
        path: join(root, 'c'),
        outcome: 'skipped',
        detail: 'not attempted after an earlier failure',
      },
    ]);
    assert.equal(report.value.failure, 'claude-config-invalid');
  });

  it('trustAllProjects() refuses a missing projects_root', async () => {
    const { home, deps } = await setup([]);
    const writer = { setTrusted: async () => true };
    const report = await trustAllProjects(
      { projectsRoot: join(home, 'nope') },
      { bridgeEnv: { HOME: home }, home, writer },
      deps,
    );
    assert.equal(report.ok ? 'ok' : report.code, 'projects-root-unavailable');
  });
});
