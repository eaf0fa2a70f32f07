// The getting-started steps (web/src/orientation-steps.ts): counted from the projects and their
// bridges, and worded for where the operator is — nothing trusted, nothing running, a bridge
// starting, a bridge ready to open.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Bridge, BridgeStatus, Project } from '../../web/src/contract.js';
import {
  buildOrientationSteps,
  NO_PROJECTS_HOW,
  type OrientationFacts,
  readOrientationFacts,
  showsOrientationCard,
} from '../../web/src/orientation-steps.js';
import { fakeBridge, fakeProject } from '../support/bridge-fixture.js';

function project(name: string, trusted: boolean): Project {
  return fakeProject({ name, trusted, trust_reason: trusted ? 'granted' : 'not-granted' });
}

function bridge(name: string, status: BridgeStatus, url: string | null = null): Bridge {
  const pid = status === 'stopped' || status === 'crashed' ? null : 4242;
  return fakeBridge({ project: name, status, url, pid, capacity: 32 });
}

const URL = 'https://claude.ai/code?environment=env_01FAKEFAKEFAKEFAKE';

function facts(extra: Partial<OrientationFacts>): OrientationFacts {
  return { projects: 2, trusted: 0, live: 0, ready: null, ...extra };
}

const statuses = (input: OrientationFacts) => buildOrientationSteps(input).map((s) => s.status);
const texts = (input: OrientationFacts) => buildOrientationSteps(input).map((s) => s.text);

describe('readOrientationFacts()', () => {
  it('readOrientationFacts() counts trusted projects, live bridges and the first ready one', () => {
    const projects = [project('a', true), project('b', true), project('c', false)];
    const bridges: Record<string, Bridge> = {
      a: bridge('a', 'starting'),
      b: bridge('b', 'running', URL),
      c: bridge('c', 'crashed'),
    };
    const read = readOrientationFacts(projects, (p) => bridges[p.name] ?? null);
    assert.deepEqual(read, { projects: 3, trusted: 2, live: 2, ready: 'b' });
  });

  it('readOrientationFacts() counts an alive error bridge as live but never as ready', () => {
    const projects = [project('a', true)];
    const read = readOrientationFacts(projects, () => bridge('a', 'error', URL));
    assert.equal(read.live, 1);
    assert.equal(read.ready, null);
  });

  it('readOrientationFacts() does not count a running bridge without a link as ready', () => {
    const read = readOrientationFacts([project('a', true)], () => bridge('a', 'running'));
    assert.equal(read.ready, null);
    assert.equal(read.live, 1);
  });
});

describe('buildOrientationSteps()', () => {
  it('buildOrientationSteps() says that no project is trusted yet', () => {
    const steps = buildOrientationSteps(facts({}));
    assert.deepEqual(
      steps.map((s) => s.title),
      ['Trust a project', 'Start a bridge', 'Open it in Claude'],
    );
    assert.deepEqual(statuses(facts({})), ['current', 'todo', 'todo']);
    assert.match(texts(facts({}))[0] ?? '', /^No project is trusted yet\. Press Trust…/);
    assert.match(texts(facts({}))[1] ?? '', /^Once a project is trusted/);
  });

  it('buildOrientationSteps() moves on to Start once a project is trusted', () => {
    const input = facts({ projects: 3, trusted: 1 });
    assert.deepEqual(statuses(input), ['done', 'current', 'todo']);
    assert.equal(texts(input)[0], '1 of 3 projects is trusted.');
    assert.match(texts(input)[1] ?? '', /^Pick a trusted project and press Start…/);
    assert.equal(texts(facts({ projects: 1, trusted: 1 }))[0], '1 of 1 project is trusted.');
    assert.equal(texts(facts({ projects: 3, trusted: 2 }))[0], '2 of 3 projects are trusted.');
  });

  it('buildOrientationSteps() waits for Running while a bridge starts', () => {
    const input = facts({ trusted: 1, live: 1 });
    assert.deepEqual(statuses(input), ['done', 'done', 'current']);
    assert.equal(texts(input)[1], '1 bridge is up.');
    assert.match(texts(input)[2] ?? '', /^When the status says Running, press Open in Claude/);
  });

  it('buildOrientationSteps() names the project that is ready to open, with the QR code', () => {
    const input = facts({ trusted: 2, live: 2, ready: 'demo-app' });
    assert.equal(texts(input)[1], '2 bridges are up.');
    const open = texts(input)[2] ?? '';
    assert.match(open, /^demo-app is running: press Open in Claude/);
    assert.match(open, /QR code/);
    assert.match(open, /claude\.ai\/code/);
  });

  it('buildOrientationSteps() marks only the first unfinished step current', () => {
    // A bridge still runs in a project whose trust was since withdrawn.
    assert.deepEqual(statuses(facts({ trusted: 0, live: 1 })), ['current', 'done', 'todo']);
  });
});

describe('showsOrientationCard()', () => {
  it('showsOrientationCard() hides the card while loading, with no projects, or dismissed', () => {
    const one = [project('notes', false)];
    assert.equal(showsOrientationCard(null, false), false);
    // No projects (also no usable projects_root): the empty state shows the steps instead.
    assert.equal(showsOrientationCard([], false), false);
    assert.equal(showsOrientationCard(one, true), false);
    assert.equal(showsOrientationCard(one, false), true);
  });

  it('NO_PROJECTS_HOW (the empty state) says where projects come from', () => {
    assert.match(NO_PROJECTS_HOW, /`projects_root`.*`clauster\.yml`.*`clauster init`/);
    // Once projects_root is set, a new folder needs no restart.
    assert.match(NO_PROJECTS_HOW, /restart clauster once.*without a restart/);
  });
});
