// The human gates `clauster mcp` never passes (src/cli/mcp-gates.ts), against a real
// dashboard where bypassPermissions is allowed: `app` allows it, `repo` defaults to it.
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { BYPASS_REFUSED_MESSAGE } from '../../src/cli/mcp-gates.js';
import { waitFor } from '../support/fake-claude.js';
import { useMcpDashboard } from '../support/mcp-dashboard.js';

const PROJECTS_YAML = [
  'projects:',
  '  app:',
  '    allow_bypass_permissions: true',
  '  repo:',
  '    allow_bypass_permissions: true',
  '    permission_mode: bypassPermissions',
].join('\n');

describe('clauster mcp write gates', () => {
  const dashboard = useMcpDashboard({ yaml: PROJECTS_YAML });
  const bridgeCount = () => dashboard.server.context.supervisor?.list().length ?? 0;

  it('start_bridge and restart_bridge take no trust or confirm argument', async () => {
    const client = await dashboard.connect();
    const inputs = new Map((await client.listTools()).map((tool) => [tool.name, tool.inputs]));
    assert.deepEqual(inputs.get('start_bridge'), [
      'capacity',
      'name',
      'permission_mode',
      'project',
      'spawn_mode',
      'wait_seconds',
    ]);
    assert.deepEqual(inputs.get('restart_bridge'), ['bridge', 'wait_seconds']);
  });

  it('start_bridge refuses trust: true and grants no trust', async () => {
    await mkdir(join(dashboard.world.projectsRoot, 'lab'));
    const client = await dashboard.connect();
    const result = await client.call('start_bridge', { project: 'lab', trust: true });
    assert.equal(result.isError, true);
    assert.match(result.text, /trust/);
    const listed = await client.call('list_projects');
    const lab = (listed.json.projects as Array<{ name: string; trusted: boolean }>).find(
      (project) => project.name === 'lab',
    );
    assert.equal(lab?.trusted, false);
  });

  it('start_bridge refuses a typed confirm: bypassPermissions as an unknown argument', async () => {
    const before = bridgeCount();
    const args = {
      project: 'app',
      permission_mode: 'bypassPermissions',
      confirm: 'bypassPermissions',
    };
    const result = await (await dashboard.connect()).call('start_bridge', args);
    assert.equal(result.isError, true);
    assert.match(result.text, /confirm/);
    assert.equal(bridgeCount(), before);
  });

  it('start_bridge never starts bypassPermissions, even where the project allows it', async () => {
    const before = bridgeCount();
    const args = { project: 'app', permission_mode: 'bypassPermissions' };
    const result = await (await dashboard.connect()).call('start_bridge', args);
    assert.equal(result.isError, true);
    assert.equal(result.text, `start app: ${BYPASS_REFUSED_MESSAGE}`);
    assert.equal(bridgeCount(), before);
  });

  it("start_bridge of a project whose default is bypassPermissions is refused (the dashboard's check)", async () => {
    const trusted = await dashboard.world.runCli(['trust', 'repo']);
    assert.equal(trusted.code, 0, trusted.stderr);
    const before = bridgeCount();
    const result = await (await dashboard.connect()).call('start_bridge', { project: 'repo' });
    assert.equal(result.isError, true);
    assert.equal(result.text, `start repo: ${BYPASS_REFUSED_MESSAGE}`);
    assert.equal(bridgeCount(), before);
  });

  it('restart_bridge refuses a bridge that ran with bypassPermissions; so does the dashboard without confirm', async () => {
    // A human starts one from their own client, with the typed confirmation, then stops it.
    const body = { permission_mode: 'bypassPermissions', confirm: 'bypassPermissions' };
    const started = await dashboard.api('POST', '/api/projects/app/start', body);
    assert.equal(started.status, 201, await started.clone().text());
    const { id } = ((await started.json()) as { bridge: { id: string } }).bridge;
    const supervisor = dashboard.server.context.supervisor;
    await waitFor(() => supervisor?.get(id)?.status !== 'starting', 20_000);
    assert.equal((await dashboard.api('POST', `/api/bridges/${id}/stop`)).status, 200);
    const before = bridgeCount();

    const result = await (await dashboard.connect()).call('restart_bridge', { bridge: id });
    assert.equal(result.isError, true);
    assert.equal(result.text, `restart ${id}: ${BYPASS_REFUSED_MESSAGE}`);
    // What the tool would send (no confirm) is refused by the dashboard as well.
    const direct = await dashboard.api('POST', `/api/bridges/${id}/restart`);
    assert.equal(direct.status, 403);
    const error = ((await direct.json()) as { error: { code: string } }).error;
    assert.equal(error.code, 'bypass-refused');
    assert.equal(bridgeCount(), before);
  });
});
