import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, it } from 'node:test';
import {
  createTrustWriter,
  readClaudeConfig,
  resolveClaudeConfigPath,
  TrustFileError,
} from '../../src/claude/trust-file.js';
import type { Fs } from '../../src/system/ports.js';
import { useTempDir } from '../support/temp.js';

const temp = useTempDir();
let home: string;
let stateDir: string;

beforeEach(async () => {
  home = join(temp.path, 'home');
  stateDir = join(temp.path, 'state');
  await fs.mkdir(home);
  await fs.mkdir(stateDir, { mode: 0o700 });
});

function writer(env: Record<string, string> = {}, fsImpl: Fs = fs) {
  return createTrustWriter({ stateDir }, { fs: fsImpl, env, home });
}

describe('resolveClaudeConfigPath()', () => {
  it('resolveClaudeConfigPath() prefers CLAUDE_CONFIG_DIR over the home directory', () => {
    assert.equal(resolveClaudeConfigPath({ env: {}, home: '/h' }), '/h/.claude.json');
    assert.equal(
      resolveClaudeConfigPath({ env: { CLAUDE_CONFIG_DIR: '/c' }, home: '/h' }),
      '/c/.claude.json',
    );
    assert.equal(
      resolveClaudeConfigPath({ env: { CLAUDE_CONFIG_DIR: '' }, home: '/h' }),
      '/h/.claude.json',
    );
  });
});

describe('createTrustWriter()', () => {
  it('setTrusted() creates a missing file with mode 0600 and no backup', async () => {
    assert.equal(await writer().setTrusted('/p/app/'), true);
    const path = join(home, '.claude.json');
    assert.deepEqual(JSON.parse(await fs.readFile(path, 'utf8')), {
      projects: { '/p/app': { hasTrustDialogAccepted: true } },
    });
    assert.equal((await fs.stat(path)).mode & 0o777, 0o600);
    await assert.rejects(fs.access(`${path}.bak`));
  });

  it('setTrusted() keeps every other key byte-for-byte, the file mode, and takes one .bak', async () => {
    const path = join(home, '.claude.json');
    const original =
      '{\n  "numStartups": 1.0e2,\n  "userID": "abc",\n  "projects": {\n    "/p/app": {\n      "allowedTools": ["x"],\n      "hasTrustDialogAccepted": false\n    }\n  },\n  "big": 123456789012345678901234567890\n}\n';
    await fs.writeFile(path, original, { mode: 0o640 });
    await fs.chmod(path, 0o640);
    const w = writer();
    assert.equal(await w.setTrusted('/p/app'), true);
    const first = await fs.readFile(path, 'utf8');
    assert.equal(
      first,
      original.replace('"hasTrustDialogAccepted": false', '"hasTrustDialogAccepted": true'),
    );
    assert.equal((await fs.stat(path)).mode & 0o777, 0o640);
    assert.equal(await fs.readFile(`${path}.bak`, 'utf8'), original);
    assert.equal((await fs.stat(`${path}.bak`)).mode & 0o777, 0o600);

    assert.equal(await w.setTrusted('/p/other'), true);
    const second = JSON.parse(await fs.readFile(path, 'utf8')) as {
      projects: Record<string, unknown>;
    };
    assert.deepEqual(second.projects['/p/other'], { hasTrustDialogAccepted: true });
    assert.ok((await fs.readFile(path, 'utf8')).includes('"big": 123456789012345678901234567890'));
    assert.equal(await fs.readFile(`${path}.bak`, 'utf8'), original, 'the backup is taken once');
  });

  it('setTrusted() does not rewrite a file that already grants trust', async () => {
    const path = join(home, '.claude.json');
    const original = '{"projects":{"/p/app":{"hasTrustDialogAccepted":true}}}';
    await fs.writeFile(path, original);
    const before = await fs.stat(path);
    assert.equal(await writer().setTrusted('/p/app'), false);
    assert.equal(await fs.readFile(path, 'utf8'), original);
    assert.equal((await fs.stat(path)).ino, before.ino);
    await assert.rejects(fs.access(`${path}.bak`));
  });

  for (const [title, content] of [
    ['an array', '[]\n'],
    ['malformed JSON', '{"projects": {'],
    ['an empty file', ''],
    ['a string', '"x"'],
    ['projects that is not an object', '{"projects": []}'],
    ['an entry that is not an object', '{"projects": {"/p/app": 1}}'],
    ['duplicate keys on the edited path', '{"projects": {"/p/app": {}, "/p/app": {"n": 1}}}'],
  ] as const) {
    it(`setTrusted() never replaces ${title} and leaves it byte-identical`, async () => {
      const path = join(home, '.claude.json');
      await fs.writeFile(path, content);
      await assert.rejects(writer().setTrusted('/p/app'), (error: unknown) => {
        assert.ok(error instanceof TrustFileError);
        assert.equal(error.code, 'claude-config-invalid');
        assert.match(error.message, /left unchanged/);
        return true;
      });
      assert.equal(await fs.readFile(path, 'utf8'), content);
      assert.deepEqual((await fs.readdir(home)).sort(), ['.claude.json']);
    });
  }

  it('readClaudeConfig() refuses a FIFO at the path without opening it (a read would block)', {
    timeout: 10_000,
  }, async () => {
    const path = join(temp.path, 'fifo.json');
    execFileSync('mkfifo', [path]);
    await assert.rejects(readClaudeConfig(path, { fs }), (error: Error & { code?: string }) => {
      assert.equal(error.code, 'claude-config-invalid');
      assert.equal(
        error.message,
        `${path}: not a regular file (a FIFO? a device?); the file was left unchanged`,
      );
      return true;
    });
  });

  it('setTrusted() honours CLAUDE_CONFIG_DIR', async () => {
    const configDir = join(temp.path, 'cfg');
    const w = writer({ CLAUDE_CONFIG_DIR: configDir });
    assert.equal(w.path, join(configDir, '.claude.json'));
    await w.setTrusted('/p/app');
    const state = await readClaudeConfig(join(configDir, '.claude.json'), { fs });
    assert.equal(state.kind, 'ok');
    await assert.rejects(fs.access(join(home, '.claude.json')));
  });

  it('setTrusted() writes through a symlinked .claude.json and keeps the link', async () => {
    const real = join(temp.path, 'dotfiles.json');
    await fs.writeFile(real, '{"keep": true}');
    await fs.symlink(real, join(home, '.claude.json'));
    await writer().setTrusted('/p/app');
    assert.ok((await fs.lstat(join(home, '.claude.json'))).isSymbolicLink());
    assert.deepEqual(JSON.parse(await fs.readFile(real, 'utf8')), {
      keep: true,
      projects: { '/p/app': { hasTrustDialogAccepted: true } },
    });
  });

  it('setTrusted() takes its lock under state_dir/locks and releases it', async () => {
    await writer().setTrusted('/p/app');
    const locks = await fs.readdir(join(stateDir, 'locks'));
    assert.deepEqual(locks, []);
    assert.deepEqual((await fs.readdir(home)).sort(), ['.claude.json']);
  });

  it('setTrusted() merges a change made by someone else just before its rename', async () => {
    const path = join(home, '.claude.json');
    await fs.writeFile(path, '{"a": 1}');
    let reads = 0;
    const racing: Fs = {
      ...fs,
      readFile: (async (...args: Parameters<typeof fs.readFile>) => {
        reads++;
        // The second read is the re-check before rename: the CLI writes in between.
        if (reads === 2) await fs.writeFile(path, '{"a": 1, "cli": "wrote"}');
        return fs.readFile(...args);
      }) as Fs['readFile'],
    };
    assert.equal(await writer({}, racing).setTrusted('/p/app'), true);
    assert.deepEqual(JSON.parse(await fs.readFile(path, 'utf8')), {
      a: 1,
      cli: 'wrote',
      projects: { '/p/app': { hasTrustDialogAccepted: true } },
    });
  });

  it('setRemoteControlAcknowledged() sets hasUsedRemoteControl and remoteDialogSeen', async () => {
    const path = join(home, '.claude.json');
    await fs.writeFile(path, '{"remoteDialogSeen": false, "x": [1, 2]}');
    const w = writer();
    assert.equal(await w.setRemoteControlAcknowledged(), true);
    assert.deepEqual(JSON.parse(await fs.readFile(path, 'utf8')), {
      remoteDialogSeen: true,
      x: [1, 2],
      hasUsedRemoteControl: true,
    });
    assert.equal(await w.setRemoteControlAcknowledged(), false);
  });

  it('setTrusted() serialises concurrent calls in one process without losing a key', async () => {
    const w = writer();
    await Promise.all(Array.from({ length: 20 }, (_, i) => w.setTrusted(`/p/k${i}`)));
    const config = JSON.parse(await fs.readFile(join(home, '.claude.json'), 'utf8')) as {
      projects: Record<string, unknown>;
    };
    assert.equal(Object.keys(config.projects).length, 20);
  });
});
