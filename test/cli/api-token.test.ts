import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { hashToken } from '../../src/auth/api-tokens.js';
import { runMain } from '../support/cli-run.js';
import { useTempDir } from '../support/temp.js';

const home = useTempDir();

function run(argv: string[]) {
  return runMain(['api-token', ...argv], { home: home.path });
}

describe('runApiToken()', () => {
  it('runApiToken() issue prints the token once and stores only its hash', async () => {
    const issued = await run(['issue', 'ci']);
    assert.equal(issued.code, 0);
    const token = issued.out.trim();
    assert.match(token, /^clauster_pat_[A-Za-z0-9]{43}$/);
    const stored = await readFile(join(home.path, '.clauster', 'tokens.json'), 'utf8');
    assert.ok(!stored.includes(token));
    assert.ok(stored.includes(hashToken(token)));
    const listed = await run(['list']);
    assert.equal(listed.code, 0);
    assert.match(listed.out, /tok-[0-9a-f]{16} {2}ci {2}\[api\]/);
    assert.ok(!listed.out.includes(token) && !listed.out.includes(hashToken(token)));
  });

  it('runApiToken() list --json shows records without hashes; --metrics sets the scope', async () => {
    assert.equal((await run(['issue', 'prom', '--metrics'])).code, 0);
    const listed = await run(['list', '--json']);
    const doc = JSON.parse(listed.out) as { tokens: Array<Record<string, unknown>> };
    assert.equal(doc.tokens.length, 1);
    assert.deepEqual(doc.tokens[0]?.scopes, ['metrics']);
    assert.equal(doc.tokens[0]?.hash, undefined);
    assert.deepEqual(Object.keys(doc.tokens[0] ?? {}).sort(), [
      'created_at',
      'id',
      'label',
      'last_used_at',
      'scopes',
    ]);
  });

  it('runApiToken() issue --metrics prints the observability.metrics_token_hash line for the config', async () => {
    const issued = await run(['issue', 'prom', '--metrics']);
    assert.equal(issued.code, 0);
    const token = issued.out.trim();
    assert.match(token, /^clauster_pat_[A-Za-z0-9]{43}$/);
    const line = `observability.metrics_token_hash: ${hashToken(token)}`;
    assert.ok(issued.err.includes(line), issued.err);
    assert.ok(!issued.out.includes(hashToken(token)), 'stdout is the token only');
    const json = JSON.parse((await run(['issue', 'prom2', '--metrics', '--json'])).out);
    assert.equal(json.metrics_token_hash, hashToken(json.token));
    const plain = JSON.parse((await run(['issue', 'api', '--json'])).out);
    assert.equal(plain.metrics_token_hash, undefined);
  });

  it('runApiToken() revoke removes by label or id and fails with 1 for an unknown one', async () => {
    await run(['issue', 'a']);
    await run(['issue', 'b']);
    const doc = JSON.parse((await run(['list', '--json'])).out) as {
      tokens: Array<{ id: string; label: string }>;
    };
    const b = doc.tokens.find((t) => t.label === 'b');
    assert.ok(b);
    assert.equal((await run(['revoke', 'a'])).code, 0);
    assert.equal((await run(['revoke', b.id])).code, 0);
    const missing = await run(['revoke', 'a']);
    assert.equal(missing.code, 1);
    assert.match(missing.err, /no token/);
    assert.match((await run(['list'])).out, /no API tokens/);
  });

  it('runApiToken() exits 2 on usage errors and a duplicate label exits 1', async () => {
    for (const argv of [
      [],
      ['issue'],
      ['list', 'x'],
      ['frobnicate'],
      ['revoke'],
      ['list', '--metrics'],
      ['issue', 'bad label'],
    ]) {
      assert.equal((await run(argv)).code, 2, argv.join(' '));
    }
    assert.equal((await run(['issue', 'dup'])).code, 0);
    assert.equal((await run(['issue', 'dup'])).code, 1);
    assert.match((await run(['frobnicate'])).err, /^clauster api-token: expected issue <label>/);
    const help = await run(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.out, /issue <label>/);
  });

  it('runApiToken() prefixes failures and --json prints them as {"error":{code,message}}', async () => {
    assert.equal((await run(['issue', 'dup'])).code, 0);
    const dup = await run(['issue', 'dup', '--json']);
    assert.equal(dup.code, 1);
    const body = JSON.parse(dup.out) as { error: { code: string; message: string } };
    assert.deepEqual(body.error, {
      code: 'duplicate-label',
      message: 'label: "dup" is already in use; choose another label',
    });
    assert.equal(dup.err, `clauster api-token: ${body.error.message}\n`);
    const bad = await run(['issue', 'bad label', '--json']);
    assert.equal(bad.code, 2);
    assert.equal(JSON.parse(bad.out).error.code, 'invalid-label');
    assert.match(bad.err, /^clauster api-token: label: expected .*, got "bad label"\n$/);
    const missing = await run(['revoke', 'nope']);
    assert.match(missing.err, /^clauster api-token: no token with id or label "nope"/);
    assert.equal(missing.out, '');
  });

  it('runApiToken() prints a refused config like other commands (and as JSON with --json)', async () => {
    const configPath = join(home.path, 'bad.yml');
    await writeFile(configPath, 'port: not-a-port\n');
    const refused = await run(['list', '--config', configPath]);
    assert.equal(refused.code, 2);
    assert.match(
      refused.err,
      /^refused: port: .*\nclauster api-token: config refused in [^\n]+\n$/s,
    );
    assert.equal(refused.out, '');
    const json = await run(['list', '--json', '--config', configPath]);
    assert.equal(json.code, 2);
    assert.equal(JSON.parse(json.out).error.code, 'config-invalid');
  });
});
