import assert from 'node:assert/strict';
import * as fsp from 'node:fs/promises';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  loadCliConfig,
  loadCliConfigSource,
  parseConfigCommand,
} from '../../src/cli/command-config.js';
import type { Fs } from '../../src/system/ports.js';
import { createTestIo } from '../support/cli-io.js';
import { useTempDir } from '../support/temp.js';

const home = useTempDir();
const USAGE = 'Usage: clauster thing [--config PATH] [--json]\n';

async function writeConfig(text: string): Promise<string> {
  const path = join(home.path, 'clauster.yml');
  await writeFile(path, text);
  return path;
}

describe('loadCliConfig()', () => {
  it('loadCliConfig() loads the file named by --config', async () => {
    const path = await writeConfig('port: 7777\n');
    const t = createTestIo({ home: home.path });
    const config = await loadCliConfig('status', path, t.io);
    assert.equal(typeof config === 'number' ? config : config.port, 7777);
  });

  it('loadCliConfig() falls back to CLAUSTER_CONFIG', async () => {
    const path = await writeConfig('port: 7778\n');
    const t = createTestIo({ home: home.path, env: { CLAUSTER_CONFIG: path } });
    const config = await loadCliConfig('status', undefined, t.io);
    assert.equal(typeof config === 'number' ? config : config.port, 7778);
  });

  it('loadCliConfig() with searchCwd false skips ./clauster.yml for $CLAUSTER_HOME', async () => {
    await writeConfig('port: 7780\n');
    const chome = join(home.path, 'chome');
    await mkdir(chome);
    await writeFile(join(chome, 'clauster.yml'), 'port: 7781\n');
    const t = createTestIo({ home: home.path, cwd: home.path, env: { CLAUSTER_HOME: chome } });
    const port = async (searchCwd?: boolean) => {
      const search = searchCwd === undefined ? undefined : { searchCwd };
      const config = await loadCliConfig('mcp', undefined, t.io, search);
      return typeof config === 'number' ? config : config.port;
    };
    assert.equal(await port(), 7780);
    assert.equal(await port(true), 7780);
    assert.equal(await port(false), 7781);
  });

  it('loadCliConfigSource() also returns the file it loaded, or null for defaults', async () => {
    const path = await writeConfig('port: 7782\n');
    const t = createTestIo({ home: home.path, cwd: home.path });
    const found = await loadCliConfigSource('backup', undefined, t.io);
    assert.ok(typeof found !== 'number');
    assert.equal(found.source, path);
    assert.equal(found.config.port, 7782);
    const empty = join(home.path, 'empty');
    await mkdir(empty);
    const none = createTestIo({ home: empty, cwd: empty });
    const defaults = await loadCliConfigSource('backup', undefined, none.io);
    assert.equal(typeof defaults === 'number' ? defaults : defaults.source, null);
  });

  it('loadCliConfigSource() searches once, also for a refused file it names', async () => {
    const path = await writeConfig('port: many\n');
    const looked: string[] = [];
    const fs: Fs = {
      ...fsp,
      access: async (file, mode) => {
        looked.push(String(file));
        return fsp.access(file, mode);
      },
    };
    const t = createTestIo({ home: home.path, cwd: home.path, deps: { fs } });
    assert.equal(await loadCliConfigSource('backup', undefined, t.io), 2);
    assert.deepEqual(looked, [path]);
    assert.ok(t.stderr().includes(`clauster backup: config refused in ${path};`), t.stderr());
  });

  it('loadCliConfig() prints one line per problem, then the file and its check, and returns 2', async () => {
    const path = await writeConfig('port: many\nhost: 7\n');
    const t = createTestIo({ home: home.path });
    assert.equal(await loadCliConfig('logs', path, t.io), 2);
    const lines = t.stderr().trimEnd().split('\n');
    assert.ok(lines.length >= 3, t.stderr());
    assert.ok(lines.slice(0, -1).every((line) => line.startsWith('refused: ')));
    assert.equal(
      lines.at(-1),
      `clauster logs: config refused in ${path}; fix it, then recheck with \`clauster check-config -c ${path}\``,
    );
  });
});

describe('parseConfigCommand()', () => {
  it('parseConfigCommand() returns the config and the --json flag', async () => {
    const path = await writeConfig('port: 7779\n');
    const t = createTestIo({ home: home.path });
    const options = { command: 'thing', usage: USAGE };
    const parsed = await parseConfigCommand(['-c', path, '--json'], options, t.io);
    assert.ok(typeof parsed !== 'number');
    assert.equal(parsed.config.port, 7779);
    assert.equal(parsed.json, true);
    const plain = await parseConfigCommand(['--config', path], options, t.io);
    assert.ok(typeof plain !== 'number');
    assert.equal(plain.json, false);
  });

  it('parseConfigCommand() prints the usage and returns 0 for --help', async () => {
    const t = createTestIo({ home: home.path });
    assert.equal(await parseConfigCommand(['--help'], { command: 'thing', usage: USAGE }, t.io), 0);
    assert.equal(t.stdout(), USAGE);
  });

  it('parseConfigCommand() returns 2 for an unknown option or a positional', async () => {
    for (const argv of [['--nope'], ['extra']]) {
      const t = createTestIo({ home: home.path });
      assert.equal(await parseConfigCommand(argv, { command: 'thing', usage: USAGE }, t.io), 2);
      assert.ok(t.stderr().endsWith(`\n\n${USAGE}`), t.stderr());
    }
  });

  it('parseConfigCommand() returns 2 when the config is refused', async () => {
    const path = await writeConfig('port: many\n');
    const t = createTestIo({ home: home.path });
    const options = { command: 'thing', usage: USAGE };
    assert.equal(await parseConfigCommand(['-c', path], options, t.io), 2);
    assert.match(t.stderr(), /clauster thing: config refused in [^\n]+\n$/);
  });
});
