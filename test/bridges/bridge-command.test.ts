import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readBridgeCommand } from '../../src/bridges/bridge-command.js';

const NODE = ['/usr/bin/node', '/opt/claude/cli.js'];

describe('readBridgeCommand()', () => {
  const read: Array<[string, string[], Record<string, unknown>]> = [
    ['a native binary with no options', ['claude', 'remote-control'], {}],
    ['a script under node, by an alias', [...NODE, 'sync'], {}],
    [
      'the --x v form',
      [
        ...NODE,
        'rc',
        '--name',
        'x',
        '--spawn',
        'worktree',
        '--capacity',
        '8',
        '--permission-mode',
        'auto',
      ],
      {
        name: 'x',
        spawnMode: 'worktree',
        capacity: '8',
        permissionMode: 'auto',
      },
    ],
    [
      'the --x=v form, skipping switches and known value flags',
      [
        'claude',
        'bridge',
        '-v',
        '--name=a=b',
        '--debug-file',
        '/tmp/d.log',
        '--spawn=session',
        '--no-sandbox',
      ],
      { name: 'a=b', spawnMode: 'session' },
    ],
  ];
  for (const [title, cmdline, expected] of read) {
    it(`readBridgeCommand() reads ${title}`, () => {
      assert.deepEqual(readBridgeCommand(cmdline), { ok: true, value: expected });
    });
  }

  const refused: Array<[string, string[], RegExp]> = [
    ['the pty flag form', ['claude', '--remote-control'], /interactive/],
    ['a subcommand word that is only a flag value', ['claude', '--resume', 'rc'], /not a `claude/],
    ['a subcommand after more than a script path', [...NODE, 'x', 'rc'], /not a `claude/],
    ['an unknown permission mode', [...NODE, 'rc', '--permission-mode=yolo'], /"yolo"/],
    ['a capacity that is no number', [...NODE, 'rc', '--capacity', '0'], /--capacity "0"/],
    [
      'a repeated flag',
      [...NODE, 'rc', '--spawn', 'session', '--spawn=worktree'],
      /more than once/,
    ],
    ['a flag without its value', [...NODE, 'rc', '--name'], /--name without a value/],
    ['an unknown flag', [...NODE, 'rc', '--session-id', 'x'], /"--session-id"/],
    [
      'a value with an invisible character, shown escaped',
      [...NODE, 'rc', '--spawn', 'same\u202e-dir'],
      /--spawn "same\\u202e-dir": expected one of/,
    ],
    [
      'a long value, cut without splitting an escape',
      [...NODE, 'rc', '--spawn', `${'a'.repeat(56)}\u202eb`],
      /--spawn "a{56}…": expected one of/,
    ],
  ];
  for (const [title, cmdline, detail] of refused) {
    it(`readBridgeCommand() refuses ${title}`, () => {
      const result = readBridgeCommand(cmdline);
      assert.ok(!result.ok);
      assert.equal(result.code, 'not-adoptable');
      assert.match(result.detail, detail);
    });
  }
});
