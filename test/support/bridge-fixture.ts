/**
 * One public bridge view for tests (the API's `Bridge`, which the web's `Bridge` also
 * accepts): a running same-dir bridge of project `app`, changed by `patch`.
 */
import type { Bridge } from '../../src/bridges/record.js';

export function fakeBridge(patch: Partial<Bridge> = {}): Bridge {
  return {
    id: 'br-abcdefghijkl',
    project: 'app',
    status: 'running',
    url: null,
    pid: 4242,
    started_at: '2030-01-01T00:00:00.000Z',
    stopped_at: null,
    reason: null,
    permission_mode: 'default',
    spawn_mode: 'same-dir',
    name: null,
    capacity: null,
    adopted: false,
    ...patch,
  };
}
