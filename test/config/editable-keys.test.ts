// The Tier-A allowlist: every schema leaf is either editable or deliberately left out, types
// come from the schema, and bypassPermissions is refused from the web.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  checkEditableValue,
  describeEditableKey,
  EDITABLE_KEYS,
  STRING_RULES,
} from '../../src/config/editable-keys.js';
import { isSecretPath } from '../../src/config/problems.js';
import { listSchemaLeaves } from '../../src/config/schema-walk.js';

/** Sections left out whole: they open doors (auth, tls, ui) or move data (clone, webhooks…). */
const OFF_SECTIONS = ['auth.', 'tls.', 'clone.', 'webhooks.', 'observability.', 'reaper.', 'ui.'];
/** Single keys left out, each on purpose. */
const OFF_KEYS = [
  'schema_version',
  'host', // bind address
  'port',
  'projects_root', // moves what is served
  'state_dir',
  'root_path',
  'claude.binary', // runs another program
  'claude.min_version', // could admit an old claude
  'claude.auto_enable_remote_control',
  'claude.path_append',
  'logs.redact_session_url', // a protection toggle: off keeps session URLs in logs
  'api.openapi_enabled', // publishes the API description: an operator decision in the file
  'mcp.allow_writes', // lets agents start and stop bridges: file only, never from the web
];

describe('editable keys', () => {
  it('puts every schema leaf on the allowlist or deliberately off it', () => {
    const leaves = listSchemaLeaves().map((leaf) => leaf.path.join('.'));
    const undecided = leaves.filter(
      (key) =>
        !EDITABLE_KEYS.includes(key) &&
        !OFF_KEYS.includes(key) &&
        !OFF_SECTIONS.some((section) => key.startsWith(section)),
    );
    assert.deepEqual(undecided, [], 'decide: add to EDITABLE_KEYS or to OFF_KEYS here');
    for (const key of EDITABLE_KEYS) {
      assert.ok(leaves.includes(key), `${key} is not a schema leaf`);
      assert.ok(!OFF_KEYS.includes(key) && !OFF_SECTIONS.some((s) => key.startsWith(s)), key);
      // "token" here counts tokens; the redaction of its values is harmless.
      if (key !== 'usage.token_total_includes_cache')
        assert.equal(isSecretPath(key), false, `${key} looks secret`);
    }
  });

  it('reads types, enums and bounds from the schema', () => {
    assert.deepEqual(describeEditableKey('instance_defaults.capacity'), {
      key: 'instance_defaults.capacity',
      path: ['instance_defaults', 'capacity'],
      type: 'integer',
      nullable: false,
      default: 32,
      min: 1,
      max: 1000,
    });
    const maxBridges = describeEditableKey('instance_defaults.max_bridges');
    assert.equal(maxBridges.nullable, true);
    assert.equal(maxBridges.max, undefined);
    assert.equal(describeEditableKey('metrics.enabled').type, 'boolean');
    assert.equal(describeEditableKey('usage.fx_rate').type, 'number');
    assert.deepEqual(describeEditableKey('log_level').enum, ['debug', 'info', 'warn', 'error']);
  });

  it('offers and accepts every permission mode but bypassPermissions', () => {
    const key = 'instance_defaults.permission_mode';
    const modes = describeEditableKey(key).enum ?? [];
    assert.ok(modes.includes('plan') && modes.includes('inherit'));
    assert.ok(!modes.includes('bypassPermissions'));
    assert.equal(checkEditableValue(key, 'plan'), null);
    const refused = checkEditableValue(key, 'bypassPermissions');
    assert.match(refused?.expected ?? '', /other than bypassPermissions/);
  });

  it('refuses a value the schema refuses, naming the key and the range', () => {
    const problem = checkEditableValue('instance_defaults.capacity', 5000);
    assert.deepEqual(problem, {
      path: 'instance_defaults.capacity',
      expected: 'an integer from 1 to 1000',
      found: 'number 5000',
    });
    assert.notEqual(checkEditableValue('log_level', 'loud'), null);
    assert.notEqual(checkEditableValue('metrics.enabled', 'yes'), null);
    assert.notEqual(checkEditableValue('instance_defaults.verbose', null), null);
    assert.equal(checkEditableValue('instance_defaults.max_bridges', null), null);
  });

  it('refuses a session name prefix claude could misread or the argv could not hold', () => {
    const key = 'instance_defaults.session_name_prefix';
    assert.equal(checkEditableValue(key, 'nas-01'), null);
    assert.equal(checkEditableValue(key, 'x'.repeat(64)), null);
    assert.equal(checkEditableValue(key, null), null);
    for (const bad of [
      '-p',
      '--verbose',
      'x'.repeat(65),
      'a'.repeat(200_000),
      'a\nb',
      'a\u0000b',
      '',
    ]) {
      const problem = checkEditableValue(key, bad);
      assert.equal(problem?.path, key, JSON.stringify(bad.slice(0, 20)));
    }
  });

  it('names the rule of every string key instead of a vague "documented form"', () => {
    const strings = EDITABLE_KEYS.filter((key) => describeEditableKey(key).type === 'string');
    assert.deepEqual(Object.keys(STRING_RULES).sort(), [...strings].sort());
    const problem = checkEditableValue('instance_name', 'bad name!');
    assert.equal(problem?.path, 'instance_name');
    assert.match(
      problem?.expected ?? '',
      /^1 to 32 characters from A-Z a-z 0-9 \. _ - \(no spaces\)/,
    );
    assert.match(
      checkEditableValue('usage.currency', 'usd')?.expected ?? '',
      /three-letter currency code in capitals/,
    );
  });

  it('says "above 0" for a positive number, which refuses 0', () => {
    const key = 'claude.stop_grace_seconds';
    assert.equal(checkEditableValue(key, 0)?.expected, 'a number above 0, up to 86400');
    assert.equal(checkEditableValue(key, 0.5), null);
    assert.equal(
      checkEditableValue('logs.retention_max_files', -1)?.expected,
      'an integer of 0 or more',
    );
    assert.equal(
      checkEditableValue('instance_defaults.max_bridges', 0)?.expected,
      'an integer of 1 or more, or null',
    );
  });
});
