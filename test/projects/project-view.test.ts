import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Bridge } from '../../src/bridges/record.js';
import { findLastUsedAt } from '../../src/projects/project-view.js';
import { fakeBridge } from '../support/bridge-fixture.js';

function bridge(project: string, started_at: string, stopped_at: string | null): Bridge {
  const status = stopped_at === null ? 'running' : 'stopped';
  return fakeBridge({ project, status, started_at, stopped_at });
}

describe('findLastUsedAt()', () => {
  it('findLastUsedAt() is null for a project without bridges', () => {
    assert.equal(findLastUsedAt('app', [bridge('other', '2025-01-01T00:00:00.000Z', null)]), null);
  });

  it('findLastUsedAt() takes the newest start or stop time of the project only', () => {
    const bridges = [
      bridge('app', '2025-01-01T00:00:00.000Z', '2025-01-03T00:00:00.000Z'),
      bridge('app', '2025-01-02T00:00:00.000Z', null),
      bridge('other', '2025-02-01T00:00:00.000Z', null),
    ];
    assert.equal(findLastUsedAt('app', bridges), '2025-01-03T00:00:00.000Z');
    bridges.push(bridge('app', '2025-01-04T10:00:00.000Z', null));
    assert.equal(findLastUsedAt('app', bridges), '2025-01-04T10:00:00.000Z');
  });

  it('findLastUsedAt() compares times, not text, and skips unreadable ones', () => {
    const bridges = [
      bridge('app', '2025-01-05T00:00:00+02:00', null),
      bridge('app', '2025-01-04T23:00:00Z', 'not a time'),
    ];
    assert.equal(findLastUsedAt('app', bridges), '2025-01-04T23:00:00.000Z');
  });
});
