// readCapacity(): the capacity shown for a bridge is read from its stored command line by the
// adopt reader's rules, for launched argvs and adopted command lines alike.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildBridgeArgv } from '../../src/bridges/argv.js';
import { readCapacity } from '../../src/bridges/record.js';

function launched(name: string, spawnMode: 'same-dir' | 'session', capacity: number | null) {
  const argv = buildBridgeArgv({
    name,
    permissionMode: 'plan',
    spawnMode,
    capacity,
    sessionNamePrefix: 'phone',
    verbose: true,
    debugFile: '/state/logs/br-aaaaaaaaaaaa/debug.log',
  });
  return ['/usr/local/bin/claude', ...argv];
}

describe('readCapacity()', () => {
  const cases: Array<[string, string[], number | null]> = [
    ['a launched argv with --capacity N', launched('app', 'same-dir', 4), 4],
    ['a launched argv named like the flag', launched('--capacity', 'same-dir', 7), 7],
    ['a launched argv without a capacity', launched('app', 'same-dir', null), null],
    ['a launched session-mode argv', launched('app', 'session', 4), null],
    ['an adopted --capacity=N', ['claude', 'remote-control', '--capacity=3'], 3],
    [
      'a --capacity=N that is the value of --debug-file',
      ['claude', 'remote-control', '--debug-file', '--capacity=5'],
      null,
    ],
    ['a command line the adopt reader refuses', ['claude', 'rc', '--capacity', '0'], null],
    ['an empty argv (an old record)', [], null],
  ];
  for (const [title, argv, expected] of cases) {
    it(`readCapacity() reads ${expected} from ${title}`, () => {
      assert.equal(readCapacity(argv), expected);
    });
  }
});
