import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Bridge } from '../../src/bridges/record.js';
import { formatBridgesTable, formatProjectsTable } from '../../src/cli/bridge-output.js';
import type { ProjectView } from '../../src/projects/project-view.js';
import { fakeBridge } from '../support/bridge-fixture.js';

const GOOD = 'https://claude.ai/code/session_01FakeTableUrl';
const ESC = String.fromCharCode(0x1b);

function bridge(url: string | null): Bridge {
  return fakeBridge({ id: 'br-table', url });
}

function project(url: string | null): ProjectView {
  return {
    name: 'app',
    path: '/srv/projects/app',
    trusted: true,
    trust_reason: 'trusted',
    git: true,
    allow_bypass_permissions: false,
    bridge: bridge(url),
    external_bridge: null,
    last_used_at: null,
  };
}

describe('bridge tables and recorded URLs', () => {
  it('prints a recorded connect URL as it is', () => {
    assert.match(formatProjectsTable([project(GOOD)]), new RegExp(`${GOOD}\\n$`));
    assert.match(formatBridgesTable([bridge(GOOD)]), new RegExp(`${GOOD}\\n$`));
  });

  it('never prints a recorded URL that is not exactly a connect URL (a hand-edited record)', () => {
    for (const bad of [
      `${GOOD}${ESC}]0;owned${String.fromCharCode(7)}`,
      `${ESC}[2J${GOOD}`,
      'https://evil.example/code/session_01FakeTableUrl',
    ]) {
      for (const table of [
        formatProjectsTable([project(bad)]),
        formatBridgesTable([bridge(bad)]),
      ]) {
        assert.equal(table.includes(ESC), false, JSON.stringify(bad));
        assert.equal(table.includes('evil.example'), false);
        assert.match(table, /\(not a connect URL\)\n$/);
      }
    }
  });

  it('shows - when there is no URL', () => {
    assert.match(formatProjectsTable([project(null)]), / -\n$/);
  });

  it('shows an ended or gone bridge without its dead URL (status: its reason instead)', () => {
    const reason = 'killed by signal SIGKILL';
    const crashed = fakeBridge({ id: 'br-table', url: GOOD, status: 'crashed', reason });
    assert.match(formatBridgesTable([crashed]), new RegExp(`  ${reason}\\n$`));
    const stopped = fakeBridge({ id: 'br-table', url: GOOD, status: 'stopped' });
    assert.match(formatBridgesTable([stopped]), / -\n$/);
    const gone = { ...fakeBridge({ id: 'br-table', url: GOOD }), alive: false };
    assert.match(formatBridgesTable([gone]), /running \(gone\).* -\n$/);
    const ended = { ...project(GOOD), bridge: crashed };
    assert.equal(formatProjectsTable([ended]).includes(GOOD), false);
    assert.match(formatProjectsTable([ended]), /crashed +-\n$/);
  });
});
