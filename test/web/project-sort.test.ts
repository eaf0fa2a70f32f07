// The projects view's order (web/src/project-sort.ts): by name keeps the server's order,
// recently used puts the newest first and never-used last in the server's order, running
// first is stable.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Bridge, Project } from '../../web/src/contract.js';
import { lastUsedMs, parseProjectSort, sortProjects } from '../../web/src/project-sort.js';
import { fakeBridge, fakeProject } from '../support/bridge-fixture.js';

function project(name: string, last_used_at: string | null = null): Project {
  return fakeProject({ name, last_used_at });
}

function bridge(name: string, status: Bridge['status'], started_at: string): Bridge {
  return fakeBridge({ project: name, status, started_at });
}

const PROJECTS = [
  project('alpha'),
  project('beta', '2025-01-01T00:00:00.000Z'),
  project('delta'),
  project('gamma', '2025-03-01T00:00:00.000Z'),
];
const names = (list: readonly Project[]) => list.map((p) => p.name);

describe('sortProjects()', () => {
  it('sortProjects() by name keeps the server order', () => {
    assert.deepEqual(names(sortProjects(PROJECTS, 'name', () => null)), [
      'alpha',
      'beta',
      'delta',
      'gamma',
    ]);
  });

  it('sortProjects() recent puts the newest first and never-used last in the server order', () => {
    // The server sorts names by code unit ('Zeta' < 'alpha'); a locale sort would swap them.
    const served = [project('Zeta'), project('alpha'), ...PROJECTS.slice(1)] as Project[];
    assert.deepEqual(names(sortProjects(served, 'recent', () => null)), [
      'gamma',
      'beta',
      'Zeta',
      'alpha',
      'delta',
    ]);
  });

  it('sortProjects() recent counts a bridge the page saw start after the list was loaded', () => {
    const live = bridge('delta', 'running', '2025-04-01T00:00:00.000Z');
    const sorted = sortProjects(PROJECTS, 'recent', (p) => (p.name === 'delta' ? live : null));
    assert.deepEqual(names(sorted), ['delta', 'gamma', 'beta', 'alpha']);
  });

  it('sortProjects() running first moves live bridges up and keeps the rest in order', () => {
    const bridges: Record<string, Bridge> = {
      delta: bridge('delta', 'running', '2025-01-01T00:00:00.000Z'),
      beta: bridge('beta', 'stopped', '2025-01-01T00:00:00.000Z'),
    };
    const sorted = sortProjects(PROJECTS, 'running', (p) => bridges[p.name] ?? null);
    assert.deepEqual(names(sorted), ['delta', 'alpha', 'beta', 'gamma']);
  });
});

describe('lastUsedMs() and parseProjectSort()', () => {
  it('lastUsedMs() is NaN when never used', () => {
    assert.ok(Number.isNaN(lastUsedMs(project('x'), null)));
  });

  it('parseProjectSort() falls back to name for anything unknown', () => {
    assert.equal(parseProjectSort('recent'), 'recent');
    assert.equal(parseProjectSort('running'), 'running');
    assert.equal(parseProjectSort('<script>'), 'name');
    assert.equal(parseProjectSort(null), 'name');
  });
});
