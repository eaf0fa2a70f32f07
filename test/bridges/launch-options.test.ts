import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildBridgeArgv } from '../../src/bridges/argv.js';
import { type LaunchContext, resolveLaunchOptions } from '../../src/bridges/launch-options.js';
import { buildSupervisorOptions } from '../../src/bridges/supervisor-config.js';
import { configSchema } from '../../src/config/schema.js';
import { TEST_LAUNCH_DEFAULTS } from '../support/launch-defaults.js';

const CONTEXT: LaunchContext = {
  defaults: TEST_LAUNCH_DEFAULTS,
  project: { git: false, allow_bypass_permissions: false },
  bypassAllowed: true,
};
const BYPASS: LaunchContext = {
  ...CONTEXT,
  project: { git: true, allow_bypass_permissions: true },
};

describe('resolveLaunchOptions()', () => {
  it('resolveLaunchOptions() applies request, then project settings, then defaults', () => {
    const fromDefaults = resolveLaunchOptions({}, CONTEXT);
    assert.deepEqual(fromDefaults, {
      ok: true,
      value: {
        permissionMode: 'default',
        spawnMode: 'same-dir',
        capacity: 32,
        name: null,
        sessionNamePrefix: null,
        verbose: false,
      },
    });
    const project = resolveLaunchOptions(
      {},
      {
        ...CONTEXT,
        project: {
          git: false,
          allow_bypass_permissions: false,
          permission_mode: 'plan',
          spawn_mode: 'session',
        },
      },
    );
    assert.ok(project.ok);
    assert.equal(project.value.permissionMode, 'plan');
    assert.equal(project.value.capacity, null);
    const request = resolveLaunchOptions(
      { permission_mode: 'inherit', capacity: 4, name: 'Phone' },
      CONTEXT,
    );
    assert.ok(request.ok);
    assert.equal(request.value.permissionMode, 'inherit');
    assert.equal(request.value.capacity, 4);
    assert.equal(request.value.name, 'Phone');
  });

  it('resolveLaunchOptions() takes permission_mode: inherit from the config (no flag passed)', () => {
    const config = configSchema.parse({
      instance_defaults: { permission_mode: 'inherit' },
      projects: { app: { permission_mode: 'inherit' } },
    });
    const defaults = buildSupervisorOptions(config, {
      stateDir: '/s',
      bypassAllowed: true,
    }).defaults;
    for (const project of [{}, config.projects.app]) {
      const context = { ...CONTEXT, defaults, project: { ...CONTEXT.project, ...project } };
      const resolved = resolveLaunchOptions({}, context);
      assert.ok(resolved.ok);
      assert.equal(resolved.value.permissionMode, 'inherit');
      const argv = buildBridgeArgv({ ...resolved.value, name: 'app', debugFile: '/s/d.log' });
      assert.equal(argv.includes('--permission-mode'), false);
    }
  });

  const invalid: Array<[string, Record<string, unknown>, LaunchContext, RegExp]> = [
    [
      'an unknown permission mode',
      { permission_mode: 'yolo' },
      CONTEXT,
      /^permission_mode: expected one of/,
    ],
    ['an unknown spawn mode', { spawn_mode: 'fork' }, CONTEXT, /^spawn_mode: expected one of/],
    ['worktree outside git', { spawn_mode: 'worktree' }, CONTEXT, /needs a git repository/],
    [
      'capacity with session',
      { spawn_mode: 'session', capacity: 2 },
      CONTEXT,
      /cannot be used with spawn_mode session/,
    ],
    [
      'capacity 0',
      { capacity: 0 },
      CONTEXT,
      /^capacity: expected an integer from 1 to 1000, got 0/,
    ],
    ['capacity as a string', { capacity: '4' }, CONTEXT, /got "4"/],
    ['a fractional capacity', { capacity: 1.5 }, CONTEXT, /capacity/],
    // JSON.parse reads 1e400 as Infinity, which JSON would show as null.
    [
      'a capacity past the double range',
      { capacity: Number.POSITIVE_INFINITY },
      CONTEXT,
      /got a number too large$/,
    ],
    ['a negative one', { capacity: Number.NEGATIVE_INFINITY }, CONTEXT, /got a number too large$/],
    ['a name with a bidi override', { name: 'a\u202eb' }, CONTEXT, /got "a\\u202eb"$/],
    ['a mode with a zero width space', { spawn_mode: 'same-dir\u200b' }, CONTEXT, /\\u200b"$/],
    ['a name with a newline', { name: 'a\nb' }, CONTEXT, /^name: /],
    ['a name starting with a dash', { name: '--help' }, CONTEXT, /^name: /],
    ['a too long name', { name: 'n'.repeat(65) }, CONTEXT, /^name: /],
    ['a name that is not a string', { name: 5 }, CONTEXT, /^name: /],
    ['a wrong confirmation', { confirm: 'yes' }, CONTEXT, /^confirm: expected 'bypassPermissions'/],
  ];
  for (const [title, request, context, message] of invalid) {
    it(`resolveLaunchOptions() refuses ${title} with invalid-option`, () => {
      const result = resolveLaunchOptions(request, context);
      assert.equal(result.ok, false);
      if (!result.ok) {
        assert.equal(result.code, 'invalid-option');
        assert.match(result.detail, message);
      }
    });
  }

  const bypass: Array<[string, Record<string, unknown>, LaunchContext, boolean]> = [
    [
      'without allow_bypass_permissions',
      { permission_mode: 'bypassPermissions', confirm: 'bypassPermissions' },
      CONTEXT,
      false,
    ],
    ['without the typed confirmation', { permission_mode: 'bypassPermissions' }, BYPASS, false],
    [
      'on an unauthenticated network bind',
      { permission_mode: 'bypassPermissions', confirm: 'bypassPermissions' },
      { ...BYPASS, bypassAllowed: false },
      false,
    ],
    [
      'with the flag and the confirmation',
      { permission_mode: 'bypassPermissions', confirm: 'bypassPermissions' },
      BYPASS,
      true,
    ],
    [
      'from project config on autostart',
      {},
      {
        ...BYPASS,
        project: { ...BYPASS.project, permission_mode: 'bypassPermissions' },
        configConfirmed: true,
      },
      true,
    ],
    [
      'from project config on a request without confirmation',
      {},
      { ...BYPASS, project: { ...BYPASS.project, permission_mode: 'bypassPermissions' } },
      false,
    ],
  ];
  for (const [title, request, context, allowed] of bypass) {
    it(`resolveLaunchOptions() ${allowed ? 'allows' : 'refuses'} bypassPermissions ${title}`, () => {
      const result = resolveLaunchOptions(request, context);
      assert.equal(result.ok, allowed);
      if (!result.ok) assert.equal(result.code, 'bypass-refused');
      else assert.equal(result.value.permissionMode, 'bypassPermissions');
    });
  }
});
