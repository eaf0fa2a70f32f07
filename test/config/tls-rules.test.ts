// checkTls(): native TLS is a checked cert/key pair or a refusal — never a silent plain http.
import assert from 'node:assert/strict';
import * as fsp from 'node:fs/promises';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { configSchema } from '../../src/config/schema.js';
import { checkTls, type TlsCheck } from '../../src/config/tls-rules.js';
import { useSuiteTempDir } from '../support/temp.js';
import { makeTestCert, type TestCert } from '../support/tls-cert.js';

function check(tls: Record<string, unknown>): Promise<TlsCheck> {
  return checkTls(configSchema.parse({ tls }), { fs: fsp });
}

function lines(result: TlsCheck): string {
  return result.problems
    .map((p) => `${p.path}: expected ${p.expected}, found ${p.found}`)
    .join('\n');
}

describe('checkTls()', () => {
  const dir = useSuiteTempDir();
  let good: TestCert;
  let other: TestCert;
  const pair = (cert: TestCert, key: TestCert) => ({
    cert_file: cert.certFile,
    key_file: key.keyFile,
  });
  before(async () => {
    good = await makeTestCert(dir.path, 'good');
    other = await makeTestCert(dir.path, 'other');
  });

  it('checkTls() accepts no tls section at all (plain http, nothing read)', async () => {
    assert.deepEqual(await check({}), { problems: [], warnings: [], material: null });
  });

  it('checkTls() returns the parsed pair of a matching cert and key', async () => {
    const result = await check(pair(good, good));
    assert.deepEqual(result.problems, []);
    assert.deepEqual(result.warnings, []);
    assert.deepEqual(result.material?.cert, await fsp.readFile(good.certFile));
    assert.deepEqual(result.material?.key, await fsp.readFile(good.keyFile));
  });

  for (const [set, missing] of [
    ['cert_file', 'key_file'],
    ['key_file', 'cert_file'],
  ] as const) {
    it(`checkTls() refuses tls.${set} without tls.${missing}`, async () => {
      const result = await check({ [set]: set === 'cert_file' ? good.certFile : good.keyFile });
      assert.equal(result.material, null);
      assert.equal(result.problems.length, 1);
      assert.equal(result.problems[0]?.path, `tls.${missing}`);
      assert.match(lines(result), /set both or neither/);
    });
  }

  it('checkTls() refuses an unreadable file, naming the key, the path and the code', async () => {
    const missing = join(dir.path, 'nope.pem');
    const result = await check({ cert_file: good.certFile, key_file: missing });
    assert.equal(result.problems[0]?.path, 'tls.key_file');
    assert.match(lines(result), new RegExp(`a readable PEM file.*ENOENT reading ${missing}`));
  });

  it('checkTls() refuses a key that belongs to another certificate', async () => {
    const result = await check(pair(good, other));
    assert.equal(result.material, null);
    assert.equal(result.problems[0]?.path, 'tls.key_file');
    assert.match(lines(result), /does not match/);
  });

  it('checkTls() refuses files that are not PEM and never echoes their content', async () => {
    const notCert = join(dir.path, 'not-cert.pem');
    await fsp.writeFile(notCert, 'FAKE-not-a-certificate-content\n');
    const swapped = await check({ cert_file: notCert, key_file: good.keyFile });
    assert.equal(swapped.problems[0]?.path, 'tls.cert_file');
    assert.match(lines(swapped), /a PEM certificate/);
    // A certificate where the key belongs: refused as a key, and no PEM text in the line.
    const keyIsCert = await check({ cert_file: good.certFile, key_file: good.certFile });
    assert.equal(keyIsCert.problems[0]?.path, 'tls.key_file');
    const keyAsCert = await check({ cert_file: good.keyFile, key_file: good.keyFile });
    for (const result of [swapped, keyIsCert, keyAsCert]) {
      const found = result.problems.map((p) => p.found).join('\n');
      assert.match(found, /^ERR_\w+ (parsing|for) \//);
      assert.doesNotMatch(found, /BEGIN|FAKE-not-a-certificate|MII/);
    }
  });

  for (const provision of ['self-signed', 'auto', 'on']) {
    it(`checkTls() refuses tls.provision: ${provision} and says how to make a cert`, async () => {
      const result = await check({ provision, hostnames: ['clauster.lan'] });
      assert.equal(result.problems.length, 1);
      assert.equal(result.problems[0]?.path, 'tls.provision');
      const text = lines(result);
      assert.match(text, /openssl req -x509 .*-keyout key\.pem -out cert\.pem/);
      assert.match(text, /tls\.cert_file and tls\.key_file/);
      assert.match(text, /docs\/reverse-proxy\.md/);
    });
  }

  it('checkTls() warns that tls.hostnames alone does nothing', async () => {
    const result = await check({ hostnames: ['clauster.lan'] });
    assert.deepEqual(result.problems, []);
    assert.match(result.warnings.join('\n'), /^tls\.hostnames .*ignored$/);
  });

  it('checkTls() warns about a key file readable by group or others, not about 0600', async () => {
    const loose = await makeTestCert(dir.path, 'loose');
    await fsp.chmod(loose.keyFile, 0o640);
    const result = await check(pair(loose, loose));
    assert.deepEqual(result.problems, []);
    assert.notEqual(result.material, null);
    assert.equal(result.warnings.length, 1);
    assert.match(
      result.warnings[0] ?? '',
      new RegExp(`^tls\\.key_file: ${loose.keyFile} is readable .*mode 0640.*chmod 600`),
    );
  });
});
