import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseEnvironmentPage } from '../../src/reaper/environment.js';

describe('parseEnvironmentPage()', () => {
  it('parseEnvironmentPage() reads config.type, config.directory and next_page', () => {
    const result = parseEnvironmentPage({
      data: [
        {
          id: 'env_01a',
          name: 'n',
          config: { type: 'bridge', directory: '/p/a' },
          updated_at: 't',
        },
      ],
      next_page: 'env_01a',
    });
    assert.ok(result.ok);
    assert.deepEqual(result.value.environments[0], {
      id: 'env_01a',
      name: 'n',
      type: 'bridge',
      directory: '/p/a',
      lastActivity: 't',
      archivedAt: null,
    });
    assert.equal(result.value.nextCursor, 'env_01a');
  });

  it('parseEnvironmentPage() follows has_more with last_id', () => {
    const result = parseEnvironmentPage({
      data: [{ id: 'env_1' }],
      has_more: true,
      last_id: 'env_1',
    });
    assert.ok(result.ok);
    assert.equal(result.value.nextCursor, 'env_1');
  });

  it('parseEnvironmentPage() ends on next_page null', () => {
    const result = parseEnvironmentPage({ data: [], next_page: null });
    assert.ok(result.ok);
    assert.equal(result.value.nextCursor, null);
  });

  const malformed: [string, unknown][] = [
    ['no data', {}],
    ['data not an array', { data: {} }],
    ['an item without id', { data: [{ name: 'x' }] }],
    ['an id with a slash', { data: [{ id: 'env_1/../x' }] }],
    ['an id with a query', { data: [{ id: 'env_1?force=true' }] }],
    ['next_page of the wrong type', { data: [], next_page: 5 }],
    ['an array body', [{ id: 'env_1' }]],
  ];
  for (const [name, body] of malformed) {
    it(`parseEnvironmentPage() refuses ${name}`, () => {
      assert.equal(parseEnvironmentPage(body).ok, false);
    });
  }
});
