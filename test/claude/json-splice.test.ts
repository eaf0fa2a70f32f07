import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { JsonSpliceError, setJsonPath } from '../../src/claude/json-splice.js';

function expectSet(value: Record<string, unknown>, path: string[], next: unknown): unknown {
  const copy = structuredClone(value);
  let node: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) {
    const child = node[key];
    if (typeof child !== 'object' || child === null || Array.isArray(child)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path.at(-1) as string] = next;
  return copy;
}

describe('setJsonPath()', () => {
  it('setJsonPath() replaces an existing value and leaves every other byte alone', () => {
    const text =
      '{\n  "big": 12345678901234567890,\n  "f": 1.50,\n  "remoteDialogSeen": false,\n  "z": "é\\u00e9"\n}\n';
    const next = setJsonPath(text, ['remoteDialogSeen'], true);
    assert.equal(next, text.replace('"remoteDialogSeen": false', '"remoteDialogSeen": true'));
  });

  it("setJsonPath() inserts a nested member with the file's indentation", () => {
    const text = '{\n  "projects": {\n    "/a": {\n      "allowedTools": []\n    }\n  }\n}\n';
    const next = setJsonPath(text, ['projects', '/b', 'hasTrustDialogAccepted'], true);
    assert.deepEqual(JSON.parse(next), {
      projects: { '/a': { allowedTools: [] }, '/b': { hasTrustDialogAccepted: true } },
    });
    assert.ok(
      next.startsWith(
        '{\n  "projects": {\n    "/a": {\n      "allowedTools": []\n    },\n    "/b": {\n',
      ),
    );
  });

  it('setJsonPath() adds a key inside an existing entry and to an empty or compact object', () => {
    assert.deepEqual(JSON.parse(setJsonPath('{}', ['a', 'b'], true)), { a: { b: true } });
    assert.deepEqual(JSON.parse(setJsonPath('{"x":1}', ['y'], 2)), { x: 1, y: 2 });
    const entry = '{"projects":{"/a":{"hasTrustDialogAccepted":false,"n":1}}}';
    assert.equal(
      setJsonPath(entry, ['projects', '/a', 'hasTrustDialogAccepted'], true),
      '{"projects":{"/a":{"hasTrustDialogAccepted":true,"n":1}}}',
    );
  });

  it('setJsonPath() edits the last of duplicate keys, as JSON.parse reads it', () => {
    const next = setJsonPath('{"a":1,"a":2}', ['a'], 3);
    assert.equal(next, '{"a":1,"a":3}');
  });

  it('setJsonPath() refuses to descend into a non-object', () => {
    assert.throws(
      () => setJsonPath('{"projects":[]}', ['projects', '/a', 'k'], true),
      JsonSpliceError,
    );
    assert.throws(
      () => setJsonPath('{"projects":{"/a":"x"}}', ['projects', '/a', 'k'], true),
      JsonSpliceError,
    );
  });

  it('setJsonPath() always yields the expected document (property)', () => {
    const key = fc.string({ maxLength: 8 }).filter((k) => k !== '__proto__');
    fc.assert(
      fc.property(
        fc.dictionary(key, fc.jsonValue({ maxDepth: 3 }), { maxKeys: 6 }),
        fc.array(key, { minLength: 1, maxLength: 3 }),
        fc.jsonValue({ maxDepth: 2 }),
        fc.boolean(),
        (doc, path, value, pretty) => {
          const text = JSON.stringify(doc, null, pretty ? 2 : undefined);
          let next: string;
          try {
            next = setJsonPath(text, path, value);
          } catch (error) {
            assert.ok(error instanceof JsonSpliceError);
            return;
          }
          const written = JSON.parse(JSON.stringify(value)) as unknown;
          assert.deepEqual(JSON.parse(next), expectSet(JSON.parse(text), path, written));
        },
      ),
      { numRuns: 300 },
    );
  });
});
