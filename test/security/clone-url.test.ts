import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkCloneUrl, type UrlPolicyOptions } from '../../src/security/clone-url.js';

const BOTH: UrlPolicyOptions = { allowedSchemes: ['https', 'ssh'] };

const REFUSED: ReadonlyArray<readonly [string, string, UrlPolicyOptions?]> = [
  // scheme
  ['file:///etc/passwd', 'scheme'],
  ['file:/etc/passwd', 'scheme'],
  ['git://github.com/owner/repo.git', 'scheme'],
  ['http://github.com/owner/repo.git', 'scheme'],
  ['ftp://example.com/repo.git', 'scheme'],
  ['git+ssh://git@github.com/owner/repo.git', 'scheme'],
  ['ext::sh -c touch% /tmp/pwned', 'scheme'],
  ['fd::17', 'scheme'],
  ['github.com:owner/repo.git', 'scheme'],
  ['ssh://git@github.com/owner/repo.git', 'scheme', { allowedSchemes: ['https'] }],
  ['git@github.com:owner/repo.git', 'scheme', { allowedSchemes: ['https'] }],
  ['https://github.com/owner/repo.git', 'scheme', { allowedSchemes: ['ssh'] }],
  // local paths
  ['/srv/git/repo.git', 'local-path'],
  ['./repo', 'local-path'],
  ['../repo', 'local-path'],
  ['~/repo', 'local-path'],
  ['repo.git', 'local-path'],
  ['owner/repo', 'local-path'],
  ['git@host', 'local-path'],
  // option injection
  ['-u/tmp/x', 'option-injection'],
  ['--upload-pack=touch /tmp/pwned', 'option-injection'],
  ['-oProxyCommand=x@host:repo', 'option-injection'],
  ['ssh://-oProxyCommand=touch@host/repo', 'option-injection'],
  ['ssh://git@-oProxyCommand=x/repo', 'option-injection'],
  ['git@-oProxyCommand=x:repo', 'option-injection'],
  ['git@github.com:-repo', 'option-injection'],
  // credentials
  ['https://user:pass@github.com/owner/repo.git', 'credentials-in-url'],
  ['https://ghp_token@github.com/owner/repo.git', 'credentials-in-url'],
  ['https://@github.com/owner/repo.git', 'credentials-in-url'],
  ['ssh://git:secret@github.com/owner/repo.git', 'credentials-in-url'],
  ['git:secret@github.com:owner/repo.git', 'scheme'],
  // control characters, whitespace
  ['https://github.com/owner/repo.git\n', 'control-character'],
  ['https://github.com/owner\r/repo.git', 'control-character'],
  ['https://github.com/\u0000repo', 'control-character'],
  ['https://github.com/owner/\u202erepo', 'control-character'],
  ['https://git\u200bhub.com/owner/repo', 'control-character'],
  ['https://github.com/owner/re po.git', 'whitespace'],
  [' https://github.com/owner/repo.git', 'whitespace'],
  ['https://github.com/owner/repo\u00a0.git', 'whitespace'],
  ['https://github.com/owner/repo\tx', 'control-character'],
  // percent-encoding
  ['https://github.com/owner/%2e%2e/%2e%2e/etc', 'percent-encoding'],
  ['https://github.com/owner/repo%0a.git', 'percent-encoding'],
  ['https://github.com/owner%2frepo.git', 'percent-encoding'],
  ['https://github.com/owner/repo%252e', 'percent-encoding'],
  ['https://github.com/owner/repo%zz', 'percent-encoding'],
  ['https://github.com/owner/repo%', 'percent-encoding'],
  ['https://git%68ub.com/owner/repo.git', 'percent-encoding'],
  ['git@git%2ehub.com:owner/repo.git', 'percent-encoding'],
  // too long
  [`https://github.com/${'a'.repeat(2040)}`, 'too-long'],
  // IP literals in odd spellings
  ['https://2130706433/repo.git', 'ip-literal'],
  ['https://0x7f000001/repo.git', 'ip-literal'],
  ['https://0x7f.0.0.1/repo.git', 'ip-literal'],
  ['https://0177.0.0.1/repo.git', 'ip-literal'],
  ['https://127.1/repo.git', 'ip-literal'],
  ['https://127.0.1/repo.git', 'ip-literal'],
  ['https://1.2.3.04/repo.git', 'ip-literal'],
  ['https://256.1.1.1/repo.git', 'ip-literal'],
  ['https://example.123/repo.git', 'ip-literal'],
  ['https://[::ffff:127.0.0.1]/repo.git', 'ip-literal'],
  ['https://[::ffff:7f00:1]/repo.git', 'ip-literal'],
  ['https://[::7f00:1]/repo.git', 'ip-literal'],
  ['https://[fe80::1%eth0]/repo.git', 'ip-literal'],
  ['https://[fe80::1%25eth0]/repo.git', 'ip-literal'],
  ['https://[::1::2]/repo.git', 'ip-literal'],
  ['git@2130706433:repo.git', 'ip-literal'],
  // trailing dot
  ['https://github.com./owner/repo.git', 'trailing-dot'],
  ['git@github.com.:owner/repo.git', 'trailing-dot'],
  // invalid hosts: non-ASCII look-alikes, bad punycode, bad labels
  ['https://gіthub.com/owner/repo.git', 'invalid-host'],
  ['https://exämple.com/owner/repo.git', 'invalid-host'],
  ['https://xn--zz.com/owner/repo.git', 'invalid-host'],
  ['https://a..b/owner/repo.git', 'invalid-host'],
  ['https://a_b.example/owner/repo.git', 'invalid-host'],
  ['https://bad-.example/owner/repo.git', 'invalid-host'],
  ['https:///owner/repo.git', 'invalid-host'],
  ['https://[::1/repo.git', 'invalid-host'],
  ['https://[2001:db8::1]x/repo.git', 'invalid-host'],
  ['git@[::1]:repo.git', 'invalid-host'],
  // ports
  ['https://github.com:8443/owner/repo.git', 'port'],
  ['ssh://git@github.com:2222/owner/repo.git', 'port'],
  ['https://github.com:/owner/repo.git', 'port'],
  ['https://github.com:0443/owner/repo.git', 'port'],
  ['https://github.com:99999/owner/repo.git', 'port'],
  ['https://github.com:x/owner/repo.git', 'port'],
  // query, fragment, path shape
  ['https://github.com/owner/repo.git?access_token=x', 'query-or-fragment'],
  ['https://github.com/owner/repo.git#main', 'query-or-fragment'],
  ['https://github.com', 'invalid-path'],
  ['https://github.com/', 'invalid-path'],
  ['git@github.com:', 'invalid-path'],
  ['https://github.com/owner/"repo"', 'invalid-path'],
  ['https://github.com/owner/répo', 'invalid-path'],
  ['https://github.com/owner/../../etc', 'path-traversal'],
  ['git@github.com:../../etc/passwd', 'path-traversal'],
  ['ssh://ǵit@github.com/repo', 'invalid-user'],
  ['ssh://@github.com/repo', 'invalid-user'],
  ['https:github.com/owner/repo', 'malformed'],
  ['https://github.com\\owner\\repo', 'malformed'],
  ['', 'empty'],
];

const ALLOWED: ReadonlyArray<readonly [string, Record<string, unknown>, UrlPolicyOptions?]> = [
  [
    'https://github.com/owner/repo.git',
    { scheme: 'https', form: 'url', host: 'github.com', port: 443, path: '/owner/repo.git' },
  ],
  ['HTTPS://GitHub.COM/owner/repo', { host: 'github.com', url: 'https://github.com/owner/repo' }],
  ['https://github.com:443/owner/repo', { port: 443, url: 'https://github.com/owner/repo' }],
  [
    'https://git.example.com:8443/owner/repo.git',
    { port: 8443, url: 'https://git.example.com:8443/owner/repo.git' },
    { allowedSchemes: ['https'], allowedPorts: [8443] },
  ],
  ['https://140.82.112.3/owner/repo.git', { host: '140.82.112.3', hostKind: 'ipv4' }],
  [
    'https://[2606:4700:0:0::1]/owner/repo.git',
    { host: '2606:4700::1', hostKind: 'ipv6', url: 'https://[2606:4700::1]/owner/repo.git' },
  ],
  ['https://xn--bcher-kva.example/repo.git', { host: 'xn--bcher-kva.example' }],
  ['https://dev.azure.com/org/My%20Project/_git/repo', { path: '/org/My%20Project/_git/repo' }],
  [
    'ssh://git@github.com/owner/repo.git',
    {
      scheme: 'ssh',
      form: 'url',
      user: 'git',
      port: 22,
      url: 'ssh://git@github.com/owner/repo.git',
    },
  ],
  ['ssh://github.com/owner/repo.git', { scheme: 'ssh', url: 'ssh://github.com/owner/repo.git' }],
  [
    'git@github.com:owner/repo.git',
    { scheme: 'ssh', form: 'scp', user: 'git', host: 'github.com', path: 'owner/repo.git' },
  ],
  ['git@gitlab.example.org:/srv/repos/x.git', { form: 'scp', path: '/srv/repos/x.git' }],
  ['deploy.bot@example.com:repo', { user: 'deploy.bot', url: 'deploy.bot@example.com:repo' }],
];

describe('checkCloneUrl()', () => {
  for (const [input, rule, options] of REFUSED) {
    it(`checkCloneUrl() refuses ${JSON.stringify(input.slice(0, 60))} with rule ${rule}`, () => {
      const verdict = checkCloneUrl(input, options ?? BOTH);
      assert.equal(verdict.ok, false);
      assert.equal(verdict.rule, rule, verdict.detail);
      assert.equal(verdict.parsed, null);
      assert.ok(verdict.detail.length > 0);
    });
  }

  for (const [input, expected, options] of ALLOWED) {
    it(`checkCloneUrl() accepts ${input}`, () => {
      const verdict = checkCloneUrl(input, options ?? BOTH);
      assert.equal(verdict.ok, true, verdict.detail);
      assert.equal(verdict.rule, null);
      assert.ok(verdict.parsed);
      for (const [key, value] of Object.entries(expected)) {
        assert.deepEqual((verdict.parsed as unknown as Record<string, unknown>)[key], value, key);
      }
    });
  }

  it('checkCloneUrl() accepts exactly 2048 characters and refuses 2049', () => {
    const base = 'https://github.com/';
    assert.equal(checkCloneUrl(base + 'a'.repeat(2048 - base.length), BOTH).ok, true);
    assert.equal(checkCloneUrl(base + 'a'.repeat(2049 - base.length), BOTH).rule, 'too-long');
  });

  it('checkCloneUrl() never hands git a URL that starts with "-" or holds whitespace', () => {
    for (const [input, , options] of ALLOWED) {
      const verdict = checkCloneUrl(input, options ?? BOTH);
      assert.ok(verdict.ok);
      assert.doesNotMatch(verdict.parsed.url, /^-|\s/);
    }
  });
});
