import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError } from '../../src/config/problems.js';
import { MAX_CONFIG_BYTES, parseConfigYaml, readConfigFile } from '../../src/config/yaml-file.js';
import { createNodeDeps } from '../../src/system/node.js';
import { makeTempDir } from '../support/temp.js';

function refusal(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error;
  }
  assert.fail('expected a ConfigError');
}

const BILLION_LAUGHS = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
  'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
  'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
  'e: [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
].join('\n');

describe('parseConfigYaml()', () => {
  it('parseConfigYaml() returns a mapping and an empty mapping for an empty file', () => {
    assert.deepEqual(parseConfigYaml('port: 7777\nhost: "::1"\n', 'f'), {
      port: 7777,
      host: '::1',
    });
    assert.deepEqual(parseConfigYaml('# only comments\n', 'f'), {});
  });

  const refused: Array<[string, string, RegExp]> = [
    [
      'duplicate keys, by key path and lines',
      'port: 1\nport: 2\n',
      /^port: expected each key once .*keep one.*, found the key at line 1 and again at line 2 of /,
    ],
    [
      'duplicate nested keys, by key path',
      'port: 1\nauth:\n  enabled: true\n  enabled: false\n',
      /^auth\.enabled: expected each key once.*at line 3 and again at line 4 of /,
    ],
    [
      'duplicate keys in a list item, by key path',
      'webhooks:\n  urls:\n    - a: 1\n      a: 2\n',
      /^webhooks\.urls\[0\]\.a: expected each key once/,
    ],
    ['bad indentation, in words', 'auth:\n  enabled: true\n x: 1\n', /same column, .* line 3 of/],
    ['a tab, in words', 'auth:\n\tenabled: true\n', /spaces for indentation.*a tab at line 2 of/],
    [
      'an unclosed quote, at the line where it opens',
      'host: "::1\nport: 1\n',
      /a " quote still open, opened at line 1 of clauster\.yml and never closed/,
    ],
    [
      'an unclosed quote on line 2 of 3, at line 2',
      'port: 1\nhost: "abc\nstate_dir: /x\n',
      /a " quote still open, opened at line 2 of clauster\.yml and never closed/,
    ],
    [
      "an unclosed ' quote, at the line where it opens",
      "port: 1\nhost: 'abc\nstate_dir: /x\n",
      /a ' quote still open, opened at line 2 of clauster\.yml and never closed/,
    ],
    ['an alias bomb', BILLION_LAUGHS, /alias at line 2/],
    ['a single alias', 'a: &x 1\nb: *x\n', /alias at line 2/],
    ['a merge key alias', 'base: &b {port: 1}\nother:\n  <<: *b\n', /alias/],
    ['a list at the top level', '- 1\n- 2\n', /a list/],
    ['a scalar at the top level', 'just text\n', /a string/],
    ['a number at the top level', '42\n', /a number/],
    ['an unclosed list', 'auth: [unclosed\n', /a \[ list with no closing \] at line 2 of/],
    ['two documents', 'port: 1\n---\nport: 2\n', /one YAML document.* at line 2 of/],
    ['an unknown tag', 'port: !!python/object 1\n', /an unknown tag at line 1 of/],
  ];
  for (const [label, text, pattern] of refused) {
    it(`parseConfigYaml() refuses ${label}`, () => {
      const error = refusal(() => parseConfigYaml(text, 'clauster.yml'));
      assert.match(error.message, pattern);
      // The library's codes are translated into words, never shown raw.
      assert.doesNotMatch(error.message, /\b[A-Z]+_[A-Z_]+\b/);
    });
  }

  it('parseConfigYaml() never echoes file content in a problem', () => {
    const secret = `FAKE-${'q'.repeat(30)}`;
    const error = refusal(() =>
      parseConfigYaml(`auth:\n  password_hash: ${secret}\n  password_hash: ${secret}\n`, 'f'),
    );
    assert.equal(error.message.includes(secret), false);
  });

  it('parseConfigYaml() redacts a duplicated key that looks like a token, keeps config keys', () => {
    const token = `ghp_${'FAKE'.repeat(9)}`;
    const error = refusal(() =>
      parseConfigYaml(`claude:\n  env:\n    ${token}: a\n    ${token}: b\n`, 'f'),
    );
    assert.equal(error.message.includes(token), false, error.message);
    assert.match(error.message, /^claude\.env\.ghp_<redacted>: expected each key once/);
    const own = refusal(() =>
      parseConfigYaml('auth:\n  session_secret_file: a\n  session_secret_file: b\n', 'f'),
    );
    assert.match(own.message, /^auth\.session_secret_file: expected each key once/);
  });

  it('parseConfigYaml() refuses text over 1 MiB', () => {
    const error = refusal(() => parseConfigYaml(`# ${'x'.repeat(MAX_CONFIG_BYTES)}\n`, 'f'));
    assert.match(error.message, /at most 1 MiB/);
  });
});

describe('readConfigFile()', () => {
  it('readConfigFile() refuses a file over 1 MiB before parsing it', async () => {
    const temp = await makeTempDir();
    try {
      const path = join(temp.path, 'big.yml');
      await writeFile(path, `port: 1\n# ${'x'.repeat(MAX_CONFIG_BYTES)}\n`);
      await assert.rejects(
        readConfigFile(path, createNodeDeps({ HOME: temp.path })),
        (error: unknown) => {
          assert.ok(error instanceof ConfigError);
          assert.match(error.message, /at most 1 MiB, found \d+ bytes/);
          return true;
        },
      );
    } finally {
      await temp.cleanup();
    }
  });

  it('readConfigFile() names a missing file and a directory', async () => {
    const temp = await makeTempDir();
    try {
      const deps = createNodeDeps({ HOME: temp.path });
      await assert.rejects(readConfigFile(join(temp.path, 'nope.yml'), deps), /ENOENT/);
      await assert.rejects(readConfigFile(temp.path, deps), /regular config file/);
    } finally {
      await temp.cleanup();
    }
  });
});
