import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { proveSingleEdit } from '../../src/claude/edit-proof.js';
import { JsonSpliceError, spliceJsonPath } from '../../src/claude/json-splice.js';
import { type ClaudeConfig, parseClaudeConfig } from '../../src/claude/trust-state.js';

/** The reference: parse, set the value, serialise (what a naive writer would produce). */
function referenceEdit(text: string, path: readonly string[], value: unknown): string {
  const doc = JSON.parse(text) as Record<string, unknown>;
  let node = doc;
  for (const key of path.slice(0, -1)) {
    const child = node[key];
    if (typeof child !== 'object' || child === null || Array.isArray(child)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path.at(-1) as string] = value;
  return JSON.stringify(doc);
}

function parsed(text: string): ClaudeConfig {
  const result = parseClaudeConfig(text);
  assert.ok(result.ok, text);
  return result.value;
}

function prove(text: string, keyPath: string[], value: unknown, next?: string) {
  const splice = spliceJsonPath(text, keyPath, value);
  const after = parsed(next ?? splice.text);
  return proveSingleEdit(parsed(text), after, { keyPath, value, splice });
}

// Keys include quotes, backslashes, integer-like names and the trust path shapes.
const key = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.constantFrom('projects', '/p/app', '0', '17', 'a"b', 'c\\', '\\"'),
);
const doc = fc.dictionary(key, fc.jsonValue({ maxDepth: 3 }), { maxKeys: 6 });

describe('proveSingleEdit()', () => {
  it('proveSingleEdit() accepts exactly the parse-modify-stringify result (property)', () => {
    fc.assert(
      fc.property(
        doc,
        fc.array(key, { minLength: 1, maxLength: 3 }),
        fc.jsonValue({ maxDepth: 2 }),
        fc.constantFrom(undefined, 2, '\t'),
        (input, path, value, indent) => {
          const text = JSON.stringify(input, null, indent);
          let splice: ReturnType<typeof spliceJsonPath>;
          try {
            splice = spliceJsonPath(text, path, value);
          } catch (error) {
            assert.ok(error instanceof JsonSpliceError);
            return;
          }
          const written = JSON.parse(JSON.stringify(value)) as unknown;
          // Key presence, order and every value match the reference serialisation.
          assert.equal(JSON.stringify(JSON.parse(splice.text)), referenceEdit(text, path, written));
          const proof = proveSingleEdit(parsed(text), parsed(splice.text), {
            keyPath: path,
            value,
            splice,
          });
          assert.ok(proof.ok, proof.ok ? '' : proof.detail);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('proveSingleEdit() accepts an insert into an object with integer-like keys', () => {
    assert.ok(prove('{"b":1,"2":{"x":0},"a":[]}', ['2', 'y'], true).ok);
    assert.ok(prove('{"b":1,"2":3}', ['10'], true).ok);
  });

  const tampered: Array<[string, string, string[], string]> = [
    ['a sibling key dropped', '{"a":1,"b":2}', ['a'], '{"a":true}'],
    ['a sibling key added', '{"a":1}', ['a'], '{"a":true,"c":3}'],
    ['the value not written', '{"a":1,"b":2}', ['a'], '{"a":1,"b":2}'],
    ['a nested sibling dropped', '{"p":{"x":1,"y":2}}', ['p', 'x'], '{"p":{"x":true}}'],
    [
      'extra keys under an inserted entry',
      '{"p":{}}',
      ['p', 'q', 'r'],
      '{"p":{"q":{"r":true,"s":1}}}',
    ],
  ];
  for (const [title, text, keyPath, next] of tampered) {
    it(`proveSingleEdit() refuses ${title}`, () => {
      const result = prove(text, keyPath, true, next);
      assert.equal(result.ok, false);
      if (!result.ok) assert.equal(result.code, 'edit-unproven');
    });
  }

  it('proveSingleEdit() refuses duplicate keys along the path', () => {
    const result = prove('{"projects":{"/a":{},"/a":{"n":1}}}', ['projects', '/a', 'k'], true);
    assert.equal(result.ok, false);
    if (!result.ok) assert.match(result.detail, /duplicate/);
  });

  it('proveSingleEdit() refuses when the scanner and the parser saw different keys', () => {
    const text = '{"a":1,"b":2}';
    const splice = { ...spliceJsonPath(text, ['a'], true), scannedKeys: [['a']] };
    const result = proveSingleEdit(parsed(text), parsed(splice.text), {
      keyPath: ['a'],
      value: true,
      splice,
    });
    assert.equal(result.ok, false);
  });
});
