import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { configSchema } from '../../src/config/schema.js';
import { listSchemaKeyPaths } from '../../src/config/schema-walk.js';
import { checkConfig } from '../../src/config/verdict.js';
import { parseConfigYaml } from '../../src/config/yaml-file.js';
import { createNodeDeps } from '../../src/system/node.js';

const EXAMPLE = new URL('../../clauster.example.yml', import.meta.url);

function valueAt(raw: unknown, path: string[]): unknown {
  let node = raw;
  for (const step of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[step];
  }
  return node;
}

describe('clauster.example.yml', () => {
  it('listSchemaKeyPaths() keys all appear in clauster.example.yml (set or commented)', async () => {
    const text = await readFile(EXAMPLE, 'utf8');
    const raw = parseConfigYaml(text, 'clauster.example.yml');
    const missing = listSchemaKeyPaths().filter((path) => {
      const steps = path.split('.');
      const last = steps[steps.length - 1] ?? '';
      if (last === '<name>') return false;
      if (steps.includes('<name>')) return !new RegExp(`^#\\s+${last}:`, 'm').test(text);
      if (valueAt(raw, steps) !== undefined) return false;
      return !new RegExp(`^\\s*#\\s*${last}:`, 'm').test(text);
    });
    assert.deepEqual(missing, []);
  });

  it('clauster.example.yml states exactly the schema defaults', async () => {
    const raw = parseConfigYaml(await readFile(EXAMPLE, 'utf8'), 'clauster.example.yml');
    assert.deepEqual(configSchema.parse(raw), configSchema.parse({}));
  });

  it('checkConfig() accepts clauster.example.yml as it is', async () => {
    const deps = { ...createNodeDeps({ HOME: '/nonexistent-home' }), lookup: async () => [] };
    const verdict = await checkConfig({ cwd: '/', configPath: EXAMPLE.pathname }, deps);
    assert.equal(verdict.ok, true, JSON.stringify(verdict));
    assert.deepEqual(verdict.warnings, []);
  });
});
