// The input schemas of the write tools: start_bridge takes the public API's own field limits
// (src/http/public-api.ts START_BODY_SCHEMA), so what the dashboard would refuse with 422 is
// refused by the tool's input validation before any call.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_CAPACITY } from '../../src/bridges/launch-options.js';
import type { McpTool } from '../../src/cli/mcp-tool.js';
import { WRITE_TOOLS } from '../../src/cli/mcp-write-tools.js';

function tool(name: string): McpTool {
  const found = WRITE_TOOLS.find((t) => t.name === name);
  assert.ok(found, `no ${name} tool`);
  return found;
}

// The fields a refused input names, or [] when it is accepted.
function refusedFields(name: string, args: Record<string, unknown>): string[] {
  const parsed = tool(name).input.safeParse(args);
  return parsed.success ? [] : parsed.error.issues.map((issue) => issue.path.join('.'));
}

describe('clauster mcp write tool inputs', () => {
  it('start_bridge accepts a session name and the largest capacity the API allows', () => {
    const args = { project: 'app', name: 'nightly run', capacity: MAX_CAPACITY };
    assert.deepEqual(refusedFields('start_bridge', args), []);
  });

  for (const name of ['-rf', '', 'x'.repeat(65), 'tab\there']) {
    it(`start_bridge refuses the session name ${JSON.stringify(name)}`, () => {
      assert.deepEqual(refusedFields('start_bridge', { project: 'app', name }), ['name']);
    });
  }

  for (const capacity of [0, MAX_CAPACITY + 1, 2.5]) {
    it(`start_bridge refuses capacity ${capacity}`, () => {
      assert.deepEqual(refusedFields('start_bridge', { project: 'app', capacity }), ['capacity']);
    });
  }

  it('start_bridge takes no confirm and says bypassPermissions is refused through MCP', () => {
    const args = { project: 'app', confirm: 'bypassPermissions' };
    assert.deepEqual(refusedFields('start_bridge', args), ['']);
    const shape = tool('start_bridge').input.shape as Record<string, { description?: string }>;
    assert.match(shape.permission_mode?.description ?? '', /bypassPermissions is refused/);
  });

  it('stop_bridge and restart_bridge refuse an empty or overlong bridge reference', () => {
    for (const name of ['stop_bridge', 'restart_bridge']) {
      assert.deepEqual(refusedFields(name, { bridge: '' }), ['bridge']);
      assert.deepEqual(refusedFields(name, { bridge: 'b'.repeat(201) }), ['bridge']);
      assert.deepEqual(refusedFields(name, { bridge: 'br-k3xq' }), []);
    }
  });
});
