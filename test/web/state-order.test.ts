// The client state's ordering of API answers against /ws/events (web/src/state.ts): an answer
// to a request sent before an event about the same bridge never overwrites the event's copy,
// nor does any answer older than a snapshot; answers with nothing newer still apply.
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import type { Bridge, Project } from '../../web/src/contract.js';
import {
  applyEvent,
  markBridgeEvents,
  putBridge,
  setProjects,
  state,
} from '../../web/src/state.js';
import { fakeBridge, fakeProject } from '../support/bridge-fixture.js';

function bridge(id: string, status: Bridge['status']): Bridge {
  return fakeBridge({ id, project: 'notes', status, capacity: 32 });
}

function project(b: Bridge | null): Project {
  return fakeProject({ name: 'notes', bridge: b });
}

const statusOf = (id: string) => state.bridges.get(id)?.status;

beforeEach(() => {
  applyEvent({ type: 'snapshot', bridges: [], clone_jobs: [] });
});

describe('state: API answers against /ws/events', () => {
  it('putBridge() keeps the running an event brought while the start request was in flight', () => {
    const since = markBridgeEvents();
    applyEvent({
      type: 'bridge',
      bridge: bridge('br-a', 'running'),
      from: 'starting',
      to: 'running',
    });
    putBridge(bridge('br-a', 'starting'), since);
    assert.equal(statusOf('br-a'), 'running');
  });

  it('setProjects() does not bring back an older copy over a newer event', () => {
    const since = markBridgeEvents();
    applyEvent({
      type: 'bridge',
      bridge: bridge('br-b', 'running'),
      from: 'starting',
      to: 'running',
    });
    setProjects([project(bridge('br-b', 'starting'))], since);
    assert.equal(statusOf('br-b'), 'running');
    assert.equal(state.projects?.length, 1, 'the project list itself is taken');
    assert.equal(state.projects?.[0]?.bridge?.status, 'running', 'the stale copy is replaced');
    setProjects(state.projects ?? [], markBridgeEvents());
    assert.equal(statusOf('br-b'), 'running', 're-applying the kept list keeps the event copy');
  });

  it('setProjects() does not resurrect a bridge removed or dropped by a later snapshot', () => {
    const before = markBridgeEvents();
    applyEvent({ type: 'bridge-removed', id: 'br-c' });
    setProjects([project(bridge('br-c', 'stopped'))], before);
    assert.equal(state.bridges.has('br-c'), false);
    assert.equal(state.projects?.[0]?.bridge, null, 'the removed bridge leaves the list too');
    setProjects(state.projects ?? [], markBridgeEvents());
    assert.equal(state.bridges.has('br-c'), false, 're-applying the kept list does not revive it');
    const beforeSnapshot = markBridgeEvents();
    applyEvent({ type: 'snapshot', bridges: [], clone_jobs: [] });
    putBridge(bridge('br-d', 'stopped'), beforeSnapshot);
    assert.equal(state.bridges.has('br-d'), false);
  });

  it('answers apply when no newer event names the bridge', () => {
    applyEvent({ type: 'bridge', bridge: bridge('br-e', 'starting'), from: null, to: 'starting' });
    const since = markBridgeEvents();
    applyEvent({
      type: 'bridge',
      bridge: bridge('br-other', 'running'),
      from: null,
      to: 'running',
    });
    putBridge(bridge('br-e', 'running'), since);
    assert.equal(statusOf('br-e'), 'running');
    setProjects([project(bridge('br-f', 'crashed'))], markBridgeEvents());
    assert.equal(statusOf('br-f'), 'crashed');
    putBridge(bridge('br-g', 'stopped'), markBridgeEvents());
    assert.equal(statusOf('br-g'), 'stopped', 'a fresh mark: applied');
  });
});
