import assert from 'node:assert/strict';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readKillMode } from '../../src/ops/service-unit.js';
import { runMain } from '../support/cli-run.js';
import { useTempDir } from '../support/temp.js';

const home = useTempDir();

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function run(argv: string[]) {
  return runMain(['install-service', ...argv], { home: home.path, env: { USER: 'clauster-test' } });
}

describe('runInstallService()', () => {
  it('runInstallService() prints a unit with KillMode=process, ExecStart and PATH', async () => {
    const { code, out } = await run(['systemd', '--user', '--config', 'clauster.yml']);
    assert.equal(code, 0);
    assert.equal(readKillMode(out), 'process');
    assert.match(out, /^\[Service\]$/m);
    assert.match(
      out,
      new RegExp(
        `^ExecStart=\\S+ \\S+/bin/clauster\\.js run --config ${escapeRegExp(home.path)}/clauster\\.yml$`,
        'm',
      ),
    );
    assert.match(
      out,
      new RegExp(`^Environment="PATH=[^"]*${escapeRegExp(home.path)}/\\.local/bin`, 'm'),
    );
    assert.match(out, /^WantedBy=default\.target$/m);
    assert.doesNotMatch(out, /^User=/m);
  });

  it('runInstallService() prints a system unit that runs as the current user', async () => {
    const { code, out } = await run(['systemd']);
    assert.equal(code, 0);
    assert.match(out, /^User=clauster-test$/m);
    assert.match(out, /^WantedBy=multi-user\.target$/m);
  });

  it('runInstallService() --write PATH installs the unit, then says it is up to date', async () => {
    const target = join(home.path, 'units', 'clauster.service');
    const first = await run(['systemd', '--user', '--write', target]);
    assert.equal(first.code, 0, first.err);
    assert.equal(
      first.out,
      `wrote ${target}\nnext: systemctl --user daemon-reload && systemctl --user enable --now clauster && loginctl enable-linger "$USER"\n`,
    );
    const written = await readFile(target, 'utf8');
    assert.equal(readKillMode(written), 'process');
    assert.equal((await stat(target)).mode & 0o777, 0o644);
    const printed = await run(['systemd', '--user']);
    assert.equal(written, printed.out);

    const again = await run(['systemd', '--user', '--write', target]);
    assert.equal(again.code, 0);
    assert.equal(again.out, `${target} is already up to date\n`);
  });

  it('runInstallService() --write of a system unit prints no linger step', async () => {
    const target = join(home.path, 'units', 'system.service');
    const { code, out, err } = await run(['systemd', '--write', target]);
    assert.equal(code, 0, err);
    assert.equal(
      out,
      `wrote ${target}\nnext: sudo systemctl daemon-reload && sudo systemctl enable --now clauster\n`,
    );
  });

  it('runInstallService() --write refuses to replace a different unit without --force', async () => {
    const dir = join(home.path, 'units');
    await mkdir(dir);
    const target = join(dir, 'clauster.service');
    const foreign = '[Service]\nExecStart=/bin/true\n';
    await writeFile(target, foreign);
    const refused = await run(['systemd', '--user', '--write', target]);
    assert.equal(refused.code, 1);
    assert.match(refused.err, /exists and differs; pass --force/);
    assert.equal(await readFile(target, 'utf8'), foreign);

    const forced = await run(['systemd', '--user', '--write', target, '--force']);
    assert.equal(forced.code, 0, forced.err);
    assert.equal(readKillMode(await readFile(target, 'utf8')), 'process');
  });

  it('runInstallService() --write without a path uses ~/.config/systemd/user for --user', async () => {
    const { code } = await run(['systemd', '--user', '--write']);
    assert.equal(code, 0);
    const unit = await readFile(
      join(home.path, '.config', 'systemd', 'user', 'clauster.service'),
      'utf8',
    );
    assert.equal(readKillMode(unit), 'process');
  });

  it('runInstallService() bakes a relative or ~ --config into ExecStart as an absolute path', async () => {
    const sub = join(home.path, 'sub');
    await mkdir(sub);
    const env = { USER: 'clauster-test' };
    const relative = await runMain(['install-service', 'systemd', '-c', 'conf/c.yml'], {
      home: home.path,
      cwd: sub,
      env,
    });
    assert.equal(relative.code, 0, relative.err);
    const absolute = escapeRegExp(join(sub, 'conf', 'c.yml'));
    assert.match(relative.out, new RegExp(`^ExecStart=.* run --config ${absolute}$`, 'm'));
    const tilde = await run(['systemd', '--config', '~/etc/c.yml']);
    assert.equal(tilde.code, 0, tilde.err);
    const expanded = escapeRegExp(join(home.path, 'etc', 'c.yml'));
    assert.match(tilde.out, new RegExp(`^ExecStart=.* run --config ${expanded}$`, 'm'));
    const empty = await run(['systemd', '--config', '']);
    assert.equal(empty.code, 2);
    assert.match(empty.err, /^clauster install-service: --config: expected a file path/);
  });

  it('runInstallService() exits 2 for anything but systemd', async () => {
    for (const argv of [[], ['launchd'], ['systemd', 'extra'], ['systemd', '--bogus']]) {
      const { code, err } = await run(argv);
      assert.equal(code, 2, argv.join(' '));
      assert.match(err, /^clauster install-service: /);
    }
  });
});
