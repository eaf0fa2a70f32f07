import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { buildServicePath, readKillMode, renderServiceUnit } from '../../src/ops/service-unit.js';
import { useSuiteTempDir } from '../support/temp.js';

const BASE = {
  nodePath: process.execPath,
  cliPath: '/opt/clauster/bin/clauster.js',
  configPath: '/home/op/clauster.yml',
  pathDirs: [
    '/usr/local/bin',
    '/home/op/.local/bin',
    '/usr/local/bin',
    'relative/bin',
    '/usr/bin',
    '/bin',
  ],
};

function parseUnit(text: string): Map<string, string[]> {
  const keys = new Map<string, string[]>();
  let section = '';
  for (const line of text.split('\n')) {
    const header = /^\[(\w+)\]$/.exec(line);
    if (header?.[1]) section = header[1];
    const kv = /^(\w+)=(.*)$/.exec(line);
    if (kv?.[1] && kv[2] !== undefined) {
      const key = `${section}.${kv[1]}`;
      keys.set(key, [...(keys.get(key) ?? []), kv[2]]);
    }
  }
  return keys;
}

describe('renderServiceUnit()', () => {
  const dir = useSuiteTempDir();

  it('renderServiceUnit() keeps bridges alive across restarts and restarts on failure', () => {
    const unit = parseUnit(renderServiceUnit({ ...BASE, scope: 'user' }));
    assert.deepEqual(unit.get('Service.KillMode'), ['process']);
    assert.deepEqual(unit.get('Service.Restart'), ['on-failure']);
    assert.deepEqual(unit.get('Service.NoNewPrivileges'), ['true']);
    assert.deepEqual(unit.get('Service.PrivateTmp'), ['true']);
    assert.deepEqual(unit.get('Service.ProtectSystem'), ['full']);
    assert.deepEqual(unit.get('Install.WantedBy'), ['default.target']);
    assert.equal(unit.get('Service.User'), undefined);
    // The dashboard's "Restart clauster": offered (env) and restarted on its exit status.
    assert.ok(unit.get('Service.Environment')?.includes('CLAUSTER_RESTART_ON_EXIT=1'));
    assert.deepEqual(unit.get('Service.RestartForceExitStatus'), ['75']);
    assert.deepEqual(unit.get('Service.ExecStart'), [
      `${process.execPath} /opt/clauster/bin/clauster.js run --config /home/op/clauster.yml`,
    ]);
  });

  it('renderServiceUnit() puts node and claude directories on PATH without duplicates', () => {
    const env = parseUnit(renderServiceUnit({ ...BASE, scope: 'user' })).get('Service.Environment');
    assert.ok(env?.includes('"PATH=/usr/local/bin:/home/op/.local/bin:/usr/bin:/bin"'));
  });

  it('renderServiceUnit() runs a system unit as the named user', () => {
    const unit = parseUnit(renderServiceUnit({ ...BASE, scope: 'system', user: 'op' }));
    assert.deepEqual(unit.get('Service.User'), ['op']);
    assert.deepEqual(unit.get('Install.WantedBy'), ['multi-user.target']);
  });

  it('renderServiceUnit() quotes paths with spaces for ExecStart', () => {
    const text = renderServiceUnit({ ...BASE, configPath: '/home/op/my conf.yml', scope: 'user' });
    assert.match(text, /--config "\/home\/op\/my conf\.yml"/);
  });

  it('renderServiceUnit() output passes systemd-analyze verify when it is installed', async (t) => {
    const probe = spawnSync('systemd-analyze', ['--version'], { encoding: 'utf8' });
    const unitPath = join(dir.path, 'clauster.service');
    const text = renderServiceUnit({
      ...BASE,
      cliPath: join(process.cwd(), 'bin', 'clauster.js'),
      scope: 'system',
      user: 'root',
    });
    await writeFile(unitPath, text);
    if (probe.status !== 0) {
      t.diagnostic('systemd-analyze not installed: asserted the keys only');
      assert.equal(readKillMode(text), 'process');
      return;
    }
    const verify = spawnSync('systemd-analyze', ['verify', unitPath], { encoding: 'utf8' });
    // verify prints warnings about the host (no dbus, no users) but must not reject our syntax.
    assert.doesNotMatch(
      verify.stderr,
      /Unknown (key|section)|Failed to parse|Invalid/i,
      verify.stderr,
    );
  });
});

describe('readKillMode()', () => {
  it('readKillMode() returns the last KillMode line, or null when unset', () => {
    assert.equal(readKillMode('[Service]\nKillMode=control-group\nKillMode=process\n'), 'process');
    assert.equal(readKillMode('[Service]\nExecStart=/bin/true\n'), null);
  });
});

describe('buildServicePath()', () => {
  it('buildServicePath() drops relative, duplicate and colon-bearing entries', () => {
    assert.equal(buildServicePath(['/a', 'b', '/a', '/c:d', '/e f', '/g']), '/a:/g');
  });
});

describe('config/clauster.service', () => {
  it('config/clauster.service is the rendered template for hand installs', async () => {
    const { readFile } = await import('node:fs/promises');
    const onDisk = await readFile('config/clauster.service', 'utf8');
    const rendered = renderServiceUnit({
      nodePath: '/usr/bin/node',
      cliPath: '/opt/clauster/bin/clauster.js',
      configPath: '/home/clauster/clauster.yml',
      pathDirs: ['/usr/bin', '/home/clauster/.local/bin', '/usr/local/bin', '/bin'],
      scope: 'system',
      user: 'clauster',
    });
    assert.equal(onDisk, rendered);
  });
});
