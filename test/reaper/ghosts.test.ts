import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toPointerKey } from '../../src/claude/bridge-pointer.js';
import type { Environment } from '../../src/reaper/environment.js';
import { findGhosts, isInsideRoot } from '../../src/reaper/ghosts.js';
import type { LiveSet } from '../../src/reaper/live-set.js';

const ROOT = '/srv/projects';

function env(id: string, directory: string | null, type: string | null = 'bridge'): Environment {
  return { id, name: null, type, directory, lastActivity: null, archivedAt: null };
}

function emptyLive(): LiveSet {
  return { directories: new Set(), environmentIds: new Set(), pointerKeys: new Set() };
}

function identity(envs: Environment[]): Map<string, string | null> {
  return new Map(envs.flatMap((e) => (e.directory ? [[e.directory, e.directory] as const] : [])));
}

describe('isInsideRoot()', () => {
  const cases: [string, boolean][] = [
    ['/srv/projects/a', true],
    ['/srv/projects/a/b', true],
    ['/srv/projects', false],
    ['/srv/projects-evil', false],
    ['/srv/projects-evil/a', false],
    ['/srv/projectsx/a', false],
    ['/srv', false],
    ['/srv/other/a', false],
    ['/srv/projects/..', false],
  ];
  for (const [path, inside] of cases) {
    it(`isInsideRoot() says ${path} is ${inside ? 'inside' : 'outside'}`, () => {
      assert.equal(isInsideRoot(ROOT, path), inside);
    });
  }
});

describe('findGhosts()', () => {
  it('findGhosts() keeps only dead bridge environments inside projects_root', () => {
    const envs = [
      env('env_ghost', '/srv/projects/a'),
      env('env_cloud', '/srv/projects/a', 'cloud'),
      env('env_untyped', '/srv/projects/a', null),
      env('env_nodir', null),
      env('env_relative', 'projects/a'),
      env('env_outside', '/home/other/a'),
      env('env_prefix', '/srv/projects-evil/a'),
      env('env_root', '/srv/projects'),
    ];
    const ghosts = findGhosts({
      environments: envs,
      projectsRoot: ROOT,
      resolved: identity(envs),
      live: emptyLive(),
    });
    assert.deepEqual(
      ghosts.map((g) => g.id),
      ['env_ghost'],
    );
    assert.match(ghosts[0]?.reason ?? '', /no live bridge/);
  });

  it('findGhosts() reaps nothing without projects_root', () => {
    const envs = [env('env_ghost', '/srv/projects/a')];
    assert.deepEqual(
      findGhosts({
        environments: envs,
        projectsRoot: null,
        resolved: identity(envs),
        live: emptyLive(),
      }),
      [],
    );
  });

  it('findGhosts() uses the resolved directory for containment (a symlink out is outside)', () => {
    const envs = [env('env_link', '/srv/projects/link')];
    const resolved = new Map([['/srv/projects/link', '/etc']]);
    assert.deepEqual(
      findGhosts({ environments: envs, projectsRoot: ROOT, resolved, live: emptyLive() }),
      [],
    );
  });

  it('findGhosts() skips environments whose directory could not be resolved', () => {
    const envs = [env('env_x', '/srv/projects/a')];
    const resolved = new Map<string, string | null>([['/srv/projects/a', null]]);
    assert.deepEqual(
      findGhosts({ environments: envs, projectsRoot: ROOT, resolved, live: emptyLive() }),
      [],
    );
  });

  it('findGhosts() spares live ids, live directories and live pointer keys', () => {
    const envs = [
      env('env_live_id', '/srv/projects/a'),
      env('env_live_dir', '/srv/projects/b'),
      env('env_live_ptr', '/srv/projects/c'),
      env('env_dead', '/srv/projects/d'),
    ];
    const live = emptyLive();
    live.environmentIds.add('env_live_id');
    live.directories.add('/srv/projects/b');
    live.pointerKeys.add(toPointerKey('/srv/projects/c'));
    const ghosts = findGhosts({
      environments: envs,
      projectsRoot: ROOT,
      resolved: identity(envs),
      live,
    });
    assert.deepEqual(
      ghosts.map((g) => g.id),
      ['env_dead'],
    );
  });

  it('findGhosts() spares a long directory whose live pointer key has another hash suffix', () => {
    const long = `${ROOT}/${'nested/'.repeat(30)}app`;
    const other = `${ROOT}/other/${'nested/'.repeat(30)}app`;
    const envs = [env('env_live_long', long), env('env_dead_long', other)];
    const live = emptyLive();
    live.pointerKeys.add(`${toPointerKey(long).slice(0, 200)}-otherhash`);
    const ghosts = findGhosts({
      environments: envs,
      projectsRoot: ROOT,
      resolved: identity(envs),
      live,
    });
    assert.deepEqual(
      ghosts.map((g) => g.id),
      ['env_dead_long'],
    );
  });
});
