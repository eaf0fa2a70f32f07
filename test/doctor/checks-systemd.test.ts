import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, it } from 'node:test';
import { checkSystemdRow } from '../../src/doctor/checks-systemd.js';
import { makeCheckContext } from '../support/doctor-context.js';
import { useTempDir } from '../support/temp.js';

const home = useTempDir();
let userDir = '';
let systemDir = '';
beforeEach(async () => {
  userDir = join(home.path, '.config', 'systemd', 'user');
  systemDir = join(home.path, 'etc-systemd-system');
  await mkdir(userDir, { recursive: true });
  await mkdir(systemDir, { recursive: true });
});

function run() {
  return checkSystemdRow(
    makeCheckContext({ home: home.path, host: { systemdDirs: [userDir, systemDir] } }),
  );
}

const unit = (killMode: string | null) =>
  `[Unit]\nDescription=clauster\n\n[Service]\nExecStart=/usr/bin/node clauster run\n${killMode ? `KillMode=${killMode}\n` : ''}`;

describe('checkSystemdRow()', () => {
  it('checkSystemdRow() is OK when no unit is installed', async () => {
    await writeFile(join(systemDir, 'other.service'), unit(null));
    const row = await run();
    assert.equal(row.status, 'OK');
    assert.equal(row.detail, 'no unit installed');
  });

  it('checkSystemdRow() is OK for KillMode=process', async () => {
    await writeFile(join(userDir, 'clauster.service'), unit('process'));
    const row = await run();
    assert.equal(row.status, 'OK');
    assert.match(row.detail, /KillMode=process/);
  });

  const bad: [string, string | null, RegExp][] = [
    ['no KillMode', null, /control-group \(default\)/],
    ['KillMode=mixed', 'mixed', /KillMode=mixed/],
    ['KillMode=control-group', 'control-group', /KillMode=control-group/],
  ];
  for (const [name, mode, detail] of bad) {
    it(`checkSystemdRow() warns for ${name}`, async () => {
      await writeFile(join(systemDir, 'clauster.service'), unit(mode));
      const row = await run();
      assert.equal(row.status, 'WARN');
      assert.match(row.detail, detail);
      assert.match(row.detail, /kills every bridge/);
    });
  }

  it('checkSystemdRow() applies drop-ins after the unit', async () => {
    await writeFile(join(userDir, 'clauster.service'), unit(null));
    await mkdir(join(userDir, 'clauster.service.d'));
    await writeFile(
      join(userDir, 'clauster.service.d', 'override.conf'),
      '[Service]\nKillMode=process\n',
    );
    assert.equal((await run()).status, 'OK');
    await writeFile(join(userDir, 'clauster.service.d', 'zz.conf'), '[Service]\nKillMode=mixed\n');
    assert.equal((await run()).status, 'WARN');
  });
});
