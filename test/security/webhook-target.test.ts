import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyAddress } from '../../src/security/address-policy.js';
import {
  checkWebhookAddresses,
  describeTarget,
  isCleartextRemote,
  maskUrl,
  parseWebhookUrl,
} from '../../src/security/webhook-target.js';
import type { Lookup } from '../../src/system/ports.js';
import { oddSpellings } from '../support/ipv4-spellings.js';

const PARSE_CASES: Array<[input: string, code: string | null]> = [
  ['https://hooks.example.com/a/b?c=d', null],
  ['http://10.0.0.5:8080/', null],
  ['http://[2001:db8::1]/x', null],
  ['ftp://hooks.example.com/', 'scheme'],
  ['file:///etc/passwd', 'scheme'],
  ['javascript:alert(1)', 'scheme'],
  ['hooks.example.com/x', 'unparsable'],
  ['/relative', 'unparsable'],
  ['https://hooks.example.com/\nx', 'unparsable'],
  [' https://hooks.example.com/', 'unparsable'],
  ['https://hooks.example.com/#', 'fragment'],
  ['https://hooks.example.com/x#y', 'fragment'],
  ['https://user:pw@hooks.example.com/x', 'credentials'],
  ['https://user@hooks.example.com/x', 'credentials'],
  [`https://hooks.example.com/${'a'.repeat(2100)}`, 'too-long'],
];

describe('parseWebhookUrl()', () => {
  for (const [input, code] of PARSE_CASES) {
    it(`parseWebhookUrl() gives ${code ?? 'ok'} for ${JSON.stringify(input.slice(0, 40))}`, () => {
      const parsed = parseWebhookUrl(input);
      assert.equal(parsed.ok ? null : parsed.code, code);
    });
  }
});

describe('describeTarget()', () => {
  it('describeTarget() keeps only scheme, host and a non-default port', () => {
    const url = new URL('https://user:pw@hooks.example.com:8443/path?token=t');
    assert.equal(describeTarget(url), 'https://hooks.example.com:8443');
    assert.equal(describeTarget(new URL('http://a.example:80/x')), 'http://a.example');
  });
});

describe('maskUrl()', () => {
  const CASES: Array<[string, string]> = [
    [
      'https://u:p@h.example/a/b?q=1#f',
      'https://<redacted>@h.example/<redacted>?<redacted>#<redacted>',
    ],
    ['https://h.example/', 'https://h.example/'],
    ['https://h.example', 'https://h.example'],
    ['ftp://h.example?x', 'ftp://h.example?<redacted>'],
    ['mailto:someone@h.example', 'mailto:<redacted>@h.example'],
    ['no scheme at all', '<redacted> (16 characters, no scheme)'],
    // The URL parser reads `\` as `/` in http(s): a path written with it is a path.
    ['https://hooks.example.com\\T0KENsecret#x', 'https://hooks.example.com/<redacted>#<redacted>'],
    ['https:\\\\h.example\\T0KEN?k=T0KEN', 'https:\\\\h.example/<redacted>?<redacted>'],
    ['https:/\\h.example\\', 'https:/\\h.example/'],
    ['http://u:T0KEN@h.example\\x', 'http://<redacted>@h.example/<redacted>'],
  ];
  for (const [input, expected] of CASES) {
    it(`maskUrl() shows ${JSON.stringify(input)} as ${JSON.stringify(expected)}`, () => {
      assert.equal(maskUrl(input), expected);
      assert.ok(!maskUrl(input).includes('T0KEN'));
    });
  }
});

function fakeLookup(answers: string[], calls: string[] = []): Lookup {
  return async (host) => {
    calls.push(host);
    return answers.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
}

async function check(url: string, answers: string[] = [], calls: string[] = [], block = true) {
  const parsed = parseWebhookUrl(url);
  assert.ok(parsed.ok, url);
  const lookup = fakeLookup(answers, calls);
  return checkWebhookAddresses(parsed.value, { blockPrivateTargets: block }, { lookup });
}

describe('checkWebhookAddresses()', () => {
  it('checkWebhookAddresses() allows a name whose every address is public', async () => {
    const verdict = await check('https://hooks.example.com/', ['93.184.215.14', '2606:2800::1']);
    assert.deepEqual(verdict, { ok: true, value: ['93.184.215.14', '2606:2800::1'] });
  });

  it('checkWebhookAddresses() refuses when any one answer is private', async () => {
    const verdict = await check('https://hooks.example.com/', ['93.184.215.14', '10.1.2.3']);
    assert.equal(verdict.ok ? null : verdict.code, 'refused-private');
  });

  it('checkWebhookAddresses() refuses the metadata address and an unresolvable name', async () => {
    const metadata = await check('http://169.254.169.254/latest');
    assert.equal(metadata.ok ? null : metadata.detail, 'metadata address 169.254.169.254');
    const none = await check('https://nowhere.example/', []);
    assert.equal(none.ok ? null : none.code, 'unresolvable');
  });

  it('checkWebhookAddresses() judges every odd spelling as the URL parser reads it', async () => {
    let judged = 0;
    for (const octets of [
      [127, 0, 0, 1],
      [169, 254, 169, 254],
      [10, 0, 0, 1],
    ]) {
      const quad = octets.join('.');
      for (const spelling of oddSpellings(octets)) {
        const parsed = parseWebhookUrl(`http://${spelling}/hook`);
        if (!parsed.ok) {
          assert.equal(parsed.code, 'unparsable', spelling);
          continue;
        }
        const host = parsed.value.hostname.replace(/^\[|\]$/g, '');
        const literal = classifyAddress(host);
        assert.notEqual(literal.class, 'invalid', `${spelling} is read as an address`);
        // `00127.0.0.1` is octal-ish 87.0.0.1: the connection goes there, so that is judged.
        const readAs = literal.embedded ?? host;
        for (const block of [true, false]) {
          const calls: string[] = [];
          const lookup = fakeLookup(['93.184.215.14'], calls);
          const verdict = await checkWebhookAddresses(
            parsed.value,
            { blockPrivateTargets: block },
            { lookup },
          );
          const refused = readAs === quad && (block || literal.class === 'metadata');
          assert.equal(verdict.ok, !refused, `${spelling} → ${host}, block ${block}`);
          assert.deepEqual(calls, [], spelling);
          judged += 1;
        }
      }
    }
    assert.ok(judged >= 90, `judged ${judged}`);
  });

  it('checkWebhookAddresses() refuses metadata but allows private targets with the switch off', async () => {
    for (const host of ['169.254.169.254', '100.100.100.200', '[fd00:ec2::254]']) {
      const verdict = await check(`http://${host}/`, [], [], false);
      assert.equal(verdict.ok ? null : verdict.code, 'refused-metadata', host);
    }
    const named = await check(
      'https://hooks.example.com/',
      ['10.1.2.3', 'fd00:ec2::254'],
      [],
      false,
    );
    assert.equal(named.ok ? null : named.detail, 'metadata address fd00:ec2::254');
    const calls: string[] = [];
    const lan = await check('http://lan.example/', ['10.1.2.3', '127.0.0.1'], calls, false);
    assert.deepEqual(lan, { ok: true, value: ['10.1.2.3', '127.0.0.1'] });
    assert.deepEqual(calls, ['lan.example']);
  });

  it('isCleartextRemote() is true for http:// off this machine only', () => {
    const cases: Array<[string, boolean]> = [
      ['http://hooks.example.com/x', true],
      ['http://10.0.0.5:8080/', true],
      ['https://hooks.example.com/x', false],
      ['http://127.0.0.1:9000/', false],
      ['http://localhost/', false],
      ['http://[::1]/', false],
    ];
    for (const [url, expected] of cases) {
      const parsed = parseWebhookUrl(url);
      assert.ok(parsed.ok);
      assert.equal(isCleartextRemote(parsed.value), expected, url);
    }
  });

  it('checkWebhookAddresses() judges 127.1-style literals without a DNS lookup', async () => {
    for (const host of ['127.1', '2130706433', '0x7f000001', '[::ffff:7f00:1]']) {
      const calls: string[] = [];
      const verdict = await check(`http://${host}/`, ['93.184.215.14'], calls);
      assert.equal(verdict.ok ? null : verdict.code, 'refused-private', host);
      assert.deepEqual(calls, [], host);
    }
  });
});
