import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  configKeyNames,
  configLeafPaths,
  configLeaves,
  listSchemaLeaves,
} from '../../src/config/schema-walk.js';

describe('configLeaves() / configLeafPaths() / configKeyNames()', () => {
  it('walk the config schema once and agree with listSchemaLeaves()', () => {
    assert.deepEqual(configLeaves(), listSchemaLeaves());
    assert.equal(configLeaves(), configLeaves(), 'the same cached list each time');
    assert.equal(configLeafPaths(), configLeafPaths(), 'the same cached set each time');
    assert.equal(configKeyNames(), configKeyNames(), 'the same cached set each time');
  });

  it('configLeafPaths() holds dotted leaf paths, not mappings', () => {
    const paths = configLeafPaths();
    assert.equal(paths.size, listSchemaLeaves().length);
    assert.ok(paths.has('auth.password_hash'));
    assert.ok(paths.has('port'));
    assert.equal(paths.has('auth'), false, 'a mapping is not a leaf');
  });

  it('configKeyNames() holds every key name on the way to a leaf', () => {
    const names = configKeyNames();
    assert.ok(names.has('auth'));
    assert.ok(names.has('password_hash'));
    assert.equal(names.has('auth.password_hash'), false, 'names, not dotted paths');
    assert.equal(names.has('not_a_config_key'), false);
  });
});
