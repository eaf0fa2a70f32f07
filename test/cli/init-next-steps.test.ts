import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
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
    assert.equal(suggested, `clauster install-service systemd -c ${path}`);

    // Run as suggested from elsewhere: the unit's ExecStart carries that absolute path.
    const argv = suggested.split(' ').slice(1);
    const unit = await runMain(argv, { home: home.path, env: { USER: 'clauster-test' } });
    assert.equal(unit.code, 0, unit.err);
    assert.match(unit.out, new RegExp(`^ExecStart=.* run --config ${escapeRegExp(path)}$`, 'm'));
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
      `clauster install-service systemd -c ${path}`,
    );
  });

  it('runInit() shell-quotes a path with a space in the install-service step', async () => {
    const cwd = join(home.path, 'my work');
    await mkdir(cwd);
    const init = await runMain(['init', '--yes'], { home: home.path, cwd });
    assert.equal(init.code, 0, init.err);
    const path = join(cwd, 'clauster.yml');
    assert.equal(
      nextStep(init.out, 'install-service'),
      `clauster install-service systemd -c '${path}'`,
    );
  });
});
