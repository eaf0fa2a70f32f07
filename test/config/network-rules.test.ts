import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  checkAllowedOrigins,
  checkAllowedPrivateCidrs,
  checkTrustedIps,
} from '../../src/config/network-rules.js';
import { configSchema } from '../../src/config/schema.js';

const paths = (problems: Array<{ path: string }>) => problems.map((p) => p.path);

describe('checkAllowedOrigins()', () => {
  const cases: Array<[string[], number[]]> = [
    [['https://clauster.example.com', 'http://127.0.0.1:7621', 'https://[::1]:8443'], []],
    [['https://a.example/x'], [0]],
    [['https://a.example/'], [0]],
    [
      ['*', 'null', ''],
      [0, 1, 2],
    ],
    [
      ['https://a.example?x', 'https://a.example#f', 'https://a.example:443'],
      [0, 1, 2],
    ],
    [
      ['HTTPS://A.example', 'https://user@a.example', 'ftp://a.example', 'a.example'],
      [0, 1, 2, 3],
    ],
  ];
  for (const [origins, refused] of cases) {
    it(`checkAllowedOrigins() refuses [${refused.join(', ')}] of ${JSON.stringify(origins)}`, () => {
      assert.deepEqual(
        paths(checkAllowedOrigins(origins)),
        refused.map((i) => `auth.allowed_origins[${i}]`),
      );
    });
  }
});

describe('checkTrustedIps()', () => {
  const cases: Array<[boolean, string[], string[]]> = [
    [true, ['10.0.0.1', '10.0.0.0/8', '::1', 'fd00::/8'], []],
    [true, [], ['auth.reverse_proxy.trusted_ips']],
    [false, [], []],
    [true, ['0.0.0.0/0'], ['auth.reverse_proxy.trusted_ips[0]']],
    [true, ['::/0'], ['auth.reverse_proxy.trusted_ips[0]']],
    [
      true,
      ['10.0.0.1', 'proxy.lan', '10.0.0.0/33', '10.1', '10.0.0.1/8'],
      [1, 2, 3, 4].map((i) => `auth.reverse_proxy.trusted_ips[${i}]`),
    ],
    [false, ['0.0.0.0/0'], ['auth.reverse_proxy.trusted_ips[0]']],
  ];
  for (const [enabled, ips, refused] of cases) {
    it(`checkTrustedIps() with enabled=${enabled} and ${JSON.stringify(ips)} refuses ${refused.length}`, () => {
      const config = configSchema.parse({ auth: { reverse_proxy: { enabled, trusted_ips: ips } } });
      assert.deepEqual(paths(checkTrustedIps(config)), refused);
    });
  }
});

describe('checkTrustedIps() as run reads the list', () => {
  const WHOLE = {
    path: 'auth.reverse_proxy.trusted_ips',
    expected: 'networks that do not cover every address, alone or together',
  };
  const cases: Array<[string, string[], Array<{ path: string; expected: string; found: string }>]> =
    [
      [
        'an IPv4-mapped /96 (0.0.0.0/0 once unwrapped)',
        ['10.0.0.1', '::ffff:0:0/96'],
        [
          {
            path: 'auth.reverse_proxy.trusted_ips[1]',
            expected: 'a network that does not cover every address',
            found: 'the string "::ffff:0:0/96"',
          },
        ],
      ],
      [
        'two halves of IPv4',
        ['0.0.0.0/1', '128.0.0.0/1'],
        [
          {
            ...WHOLE,
            found:
              "together these entries trust every IPv4 address; list only the proxy's own addresses",
          },
        ],
      ],
      [
        'the IPv4-mapped /96 spelt with a dotted quad (not canonical)',
        ['::ffff:0.0.0.0/96'],
        [
          {
            path: 'auth.reverse_proxy.trusted_ips[0]',
            expected: 'the canonical spelling ::ffff:0:0/96',
            found: 'the string "::ffff:0.0.0.0/96"',
          },
        ],
      ],
    ];
  for (const [label, ips, problems] of cases) {
    it(`checkTrustedIps() refuses ${label}`, () => {
      const config = configSchema.parse({ auth: { reverse_proxy: { trusted_ips: ips } } });
      assert.deepEqual(checkTrustedIps(config), problems);
    });
  }
});

describe('checkAllowedPrivateCidrs()', () => {
  const cases: Array<[string, string[], number[]]> = [
    ['canonical networks', ['10.1.0.0/16', 'fd12:3456::/32', '192.168.0.0/24'], []],
    ['host bits set', ['10.1.2.3/16'], [0]],
    ['no prefix', ['10.1.2.3'], [0]],
    [
      'out of range, spaces, hostnames, upper case',
      ['10.0.0.0/40', ' 10.0.0.0/8', 'git.lan/24', 'FD00::/8'],
      [0, 1, 2, 3],
    ],
    ['everything', ['0.0.0.0/0', '::/0'], [0, 1]],
    [
      'the metadata address',
      ['169.254.0.0/16', '169.254.169.254/32', '::ffff:0:0/96', 'fd00::/8', '160.0.0.0/4'],
      [0, 1, 2, 3, 4],
    ],
    ['near the metadata address', ['169.254.170.0/24'], []],
  ];
  for (const [label, cidrs, refused] of cases) {
    it(`checkAllowedPrivateCidrs() ${refused.length ? 'refuses' : 'accepts'} ${label}`, () => {
      assert.deepEqual(
        paths(checkAllowedPrivateCidrs(cidrs)),
        refused.map((i) => `clone.allowed_private_cidrs[${i}]`),
      );
    });
  }
});
