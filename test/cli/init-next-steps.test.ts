import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runMain } from '../support/cli-run.js';
import { useTempDir } from '../support/temp.js';

const home = useTempDir();

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The command of one "Next steps" line, e.g. `clauster run -c /x/clauster.yml`. */
function nextStep(out: string, command: string): string {
  const line = out.split('\n').find((text) => text.startsWith(`  clauster ${command}`));
  assert.ok(line, `no next step for ${command} in:\n${out}`);
  return line.replace(/\s+#.*$/, '').trim();
}

describe('runInit() next steps', () => {
  it('runInit() in the current directory names the file for install-service, not for run', async () => {
    const cwd = join(home.path, 'work');
    await mkdir(cwd);
    const init = await runMain(['init', '--yes'], { home: home.path, cwd });
    assert.equal(init.code, 0, init.err);
    const path = join(cwd, 'clauster.yml');
    assert.equal(nextStep(init.out, 'run'), 'clauster run');
    assert.equal(nextStep(init.out, 'check-config'), 'clauster check-config');
    const suggested = nextStep(init.out, 'install-service');
    assert.equal(suggested, `clauster install-service systemd --user --write -c ${path}`);
    assert.match(init.out, /for a system unit run by a service account, see\ndocs\/install\.md/);
    // Found from here only: other directories need the file named.
    assert.match(init.out, new RegExp(`^  export CLAUSTER_CONFIG=${escapeRegExp(path)}$`, 'm'));

    // Run as suggested from elsewhere: a user unit whose ExecStart carries that absolute path,
    // and the next steps of install.md's user install, lingering included.
    const argv = suggested.split(' ').slice(1);
    const unit = await runMain(argv, { home: home.path, env: { USER: 'clauster-test' } });
    assert.equal(unit.code, 0, unit.err);
    assert.match(unit.out, /&& loginctl enable-linger "\$USER"\n$/);
    const written = await readFile(
      join(home.path, '.config', 'systemd', 'user', 'clauster.service'),
      'utf8',
    );
    assert.match(written, new RegExp(`^ExecStart=.* run --config ${escapeRegExp(path)}$`, 'm'));
    assert.match(written, /^WantedBy=default\.target$/m);
    assert.doesNotMatch(written, /^User=/m);
  });

  it('runInit() prints no export line when CLAUSTER_CONFIG already names the file', async () => {
    const cwd = join(home.path, 'work');
    await mkdir(cwd);
    const path = join(cwd, 'clauster.yml');
    const env = { CLAUSTER_CONFIG: path };
    const init = await runMain(['init', '--yes', '-c', path], { home: home.path, cwd, env });
    assert.equal(init.code, 0, init.err);
    assert.doesNotMatch(init.out, /export CLAUSTER_CONFIG/);
  });

  it('runInit() with CLAUSTER_HOME names the file for install-service too', async () => {
    const cwd = join(home.path, 'work');
    await mkdir(cwd);
    const clausterHome = join(home.path, 'ch');
    const env = { CLAUSTER_HOME: clausterHome };
    const init = await runMain(['init', '--yes'], { home: home.path, cwd, env });
    assert.equal(init.code, 0, init.err);
    const path = join(clausterHome, 'clauster.yml');
    assert.equal(nextStep(init.out, 'run'), 'clauster run');
    assert.equal(
      nextStep(init.out, 'install-service'),
      `clauster install-service systemd --user --write -c ${path}`,
    );
    // CLAUSTER_HOME finds it from any directory: no export line.
    assert.doesNotMatch(init.out, /export CLAUSTER_CONFIG/);
  });

  it('runInit() without ~/projects says projects_root is unset and how to set it; check-config warns', async () => {
    const cwd = join(home.path, 'work');
    await mkdir(cwd);
    const init = await runMain(['init', '--yes'], { home: home.path, cwd });
    assert.equal(init.code, 0, init.err);
    const path = join(cwd, 'clauster.yml');
    assert.match(init.out, /^projects_root is not set, so the dashboard will list no projects\./m);
    assert.match(
      init.out,
      new RegExp(
        `children are your projects to ${escapeRegExp(path)}, e\\.g\\.\n  projects_root: ~/projects\n`,
      ),
    );
    // Not failing: exit 0 and "config ok", with a warning naming the key and the file.
    const check = await runMain(['check-config'], { home: home.path, cwd });
    assert.equal(check.code, 0, check.err);
    assert.match(check.out, /^config ok: /);
    assert.match(
      check.err,
      new RegExp(
        `^warning: projects_root is not set: .*\`projects_root: ~/projects\`.* to ${escapeRegExp(path)}, or set CLAUSTER_PROJECTS_ROOT\n$`,
      ),
    );
    const json = JSON.parse(
      (await runMain(['check-config', '--json'], { home: home.path, cwd })).out,
    );
    assert.equal(json.ok, true);
    assert.match(json.warnings.join('\n'), /^projects_root is not set/);
  });

  it('runInit() with ~/projects writes projects_root, and neither init nor check-config mentions it', async () => {
    const cwd = join(home.path, 'work');
    await mkdir(cwd);
    await mkdir(join(home.path, 'projects'));
    const init = await runMain(['init', '--yes'], { home: home.path, cwd });
    assert.equal(init.code, 0, init.err);
    assert.doesNotMatch(init.out, /not set/);
    const check = await runMain(['check-config'], { home: home.path, cwd });
    assert.equal(check.code, 0, check.err);
    assert.equal(check.err, '');
  });

  it('runInit() shell-quotes a path with a space in the install-service step', async () => {
    const cwd = join(home.path, 'my work');
    await mkdir(cwd);
    const init = await runMain(['init', '--yes'], { home: home.path, cwd });
    assert.equal(init.code, 0, init.err);
    const path = join(cwd, 'clauster.yml');
    assert.equal(
      nextStep(init.out, 'install-service'),
      `clauster install-service systemd --user --write -c '${path}'`,
    );
    assert.match(init.out, new RegExp(`^  export CLAUSTER_CONFIG='${escapeRegExp(path)}'$`, 'm'));
  });
});
