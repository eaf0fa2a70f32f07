import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createDebugMarkers, isBridgeReady, scanDebugLines } from '../../src/bridges/debug-log.js';

const ENV = 'env_01FakeEnvAbCdEfGhJkLmNpQ';
const LOG = [
  '2026-07-01T10:00:00.001Z [DEBUG] [bridge:init] bridgeId=3f0c2a9e dir=/home/u/proj branch=main',
  `2026-07-01T10:00:00.410Z [DEBUG] [bridge:api] POST /v1/environments/bridge -> 200 environment_id=${ENV}`,
  `2026-07-01T10:00:00.411Z [DEBUG] [bridge:init] Registered, server environmentId=${ENV}`,
  `2026-07-01T10:00:00.906Z [DEBUG] [bridge:work] Starting poll loop spawnMode=same-dir maxSessions=32 environmentId=${ENV}`,
];

describe('scanDebugLines()', () => {
  it('scanDebugLines() finds the environment id and the poll-loop marker', () => {
    const markers = scanDebugLines(LOG, createDebugMarkers());
    assert.equal(markers.environmentId, ENV);
    assert.equal(markers.pollLoopStarted, true);
    assert.equal(isBridgeReady(markers), true);
  });

  it('scanDebugLines() is not ready with only one of the two markers', () => {
    assert.equal(isBridgeReady(scanDebugLines(LOG.slice(0, 3), createDebugMarkers())), false);
    assert.equal(
      isBridgeReady(scanDebugLines(['x Starting poll loop'], createDebugMarkers())),
      false,
    );
  });

  it('scanDebugLines() keeps state across calls (lines fed in pieces)', () => {
    let markers = createDebugMarkers();
    for (const line of LOG) markers = scanDebugLines([line], markers);
    assert.equal(isBridgeReady(markers), true);
  });

  it('scanDebugLines() records the workspace-trust refusal and fatal errors', () => {
    const markers = scanDebugLines(
      [
        'Error: Workspace not trusted. Please run `claude` in /p first',
        `2026-07-01T10:20:00.000Z [ERROR] [bridge:work] Fatal bridge error: Environment ${ENV} not found.`,
      ],
      createDebugMarkers(),
    );
    assert.equal(markers.workspaceNotTrusted, true);
    assert.equal(markers.fatalError, `Environment ${ENV} not found.`);
  });

  it('scanDebugLines() takes an ERROR-level line as the fatal error', () => {
    const markers = scanDebugLines(
      ['2026-07-01T10:00:00.000Z [ERROR] boom happened'],
      createDebugMarkers(),
    );
    assert.equal(markers.fatalError, 'boom happened');
  });
});
