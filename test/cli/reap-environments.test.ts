import assert from 'node:assert/strict';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { main } from '../../src/cli/main.js';
import { createTestIo, type TestIo } from '../support/cli-io.js';
import { FAKE_NOW, makeEnvId, writeBridges, writeCredentials } from '../support/reaper-fixture.js';
import {
  bridgeEnvironment,
  type ReaperScenario,
  startReaperScenario,
} from '../support/reaper-scenario.js';

let world: ReaperScenario;
let configPath = '';
const GHOST = makeEnvId(1);
const LIVE = makeEnvId(2);
const OUTSIDE = makeEnvId(3);

beforeEach(async () => {
  world = await startReaperScenario({
    projects: ['alpha', 'beta'],
    environments: (dir) => [
      bridgeEnvironment(GHOST, 'alpha bridge', dir('alpha'), {
        updated_at: '2026-02-01T00:00:00Z',
      }),
      bridgeEnvironment(LIVE, 'beta bridge', dir('beta')),
      bridgeEnvironment(OUTSIDE, 'elsewhere', '/srv/someone-else/x'),
    ],
    live: { beta: 777 },
  });
  configPath = join(world.root, 'clauster.yml');
  await writeFile(
    configPath,
    `projects_root: ${world.projectsRoot}\nstate_dir: ${world.stateDir}\nreaper:\n  api_base_url: ${world.api.url}\n`,
  );
});
afterEach(() => world.close());

function io(isTTY = false): TestIo {
  return createTestIo({
    home: world.home,
    isTTY,
    deps: { processes: world.deps.processes, clock: world.deps.clock },
  });
}

/** Runs `clauster reap-environments --config <world's config> ...args` over `t`. */
function reap(t: TestIo, ...args: string[]): Promise<number> {
  return main(['reap-environments', '--config', configPath, ...args], t.io);
}

function assertTokenHidden(t: TestIo): void {
  const all = `${t.stdout()}${t.stderr()}`;
  assert.equal(all.includes(world.token.slice(0, 7)), false, 'token printed beyond 6 characters');
}

describe('runReapEnvironments()', () => {
  it('runReapEnvironments() dry run lists ghosts with directory, name, activity and reason, touching nothing', async () => {
    const t = io();
    const code = await reap(t);
    assert.equal(code, 0, t.stderr());
    const out = t.stdout();
    assert.match(out, /1 ghost environment\(s\) among 3 listed \(dry run: nothing was changed\)/);
    assert.ok(out.includes(GHOST));
    assert.ok(out.includes(join(world.projectsRoot, 'alpha')));
    assert.match(out, /name: alpha bridge {3}last activity: 2026-02-01T00:00:00Z/);
    assert.match(out, /why: bridge environment for alpha under projects_root/);
    assert.equal(out.includes(LIVE), false);
    assert.equal(out.includes(OUTSIDE), false);
    assert.equal(world.mutating().length, 0);
    assert.deepEqual(await world.readAudit(), []);
    assertTokenHidden(t);
  });

  it('runReapEnvironments() --json dry run prints the ghosts', async () => {
    const t = io();
    assert.equal(await reap(t, '--json'), 0);
    const doc = JSON.parse(t.stdout()) as { ok: boolean; action: string; ghosts: { id: string }[] };
    assert.equal(doc.action, 'dry-run');
    assert.deepEqual(
      doc.ghosts.map((g) => g.id),
      [GHOST],
    );
  });

  it('runReapEnvironments() --archive archives only ghosts and audits it', async () => {
    const t = io();
    const code = await reap(t, '--archive');
    assert.equal(code, 0, t.stderr());
    assert.deepEqual(
      world.mutating().map((r) => `${r.method} ${r.url}`),
      [`POST /v1/environments/${GHOST}/archive`],
    );
    assert.match(t.stdout(), /1 archived, 0 deleted, 0 skipped, 0 failed/);
    const audit = await world.readAudit();
    assert.equal(audit[0]?.action, 'reaper.archive');
    assert.equal(audit[0]?.environment_id, GHOST);
    assert.equal(audit[0]?.by, 'cli', 'the trail tells the CLI from the dashboard');
  });

  it('runReapEnvironments() says on stderr when an audit entry cannot be written (audit.jsonl a link)', async () => {
    const elsewhere = join(world.root, 'elsewhere.txt');
    await writeFile(elsewhere, '');
    await mkdir(world.stateDir, { recursive: true, mode: 0o700 });
    await symlink(elsewhere, join(world.stateDir, 'audit.jsonl'));
    const t = io();
    const code = await reap(t, '--archive');
    assert.equal(code, 0, t.stderr());
    assert.match(t.stderr(), /WARN .*audit entry not written/);
    assert.equal(await readFile(elsewhere, 'utf8'), '', 'nothing written through the link');
  });

  it('runReapEnvironments() --force-delete refuses without a TTY or --yes-delete', async () => {
    const t = io(false);
    assert.equal(await reap(t, '--force-delete'), 2);
    assert.match(t.stderr(), /--yes-delete/);
    assert.equal(world.api.requests.length, 0);
  });

  it('runReapEnvironments() --force-delete --yes-delete deletes ghosts only', async () => {
    const t = io(false);
    const code = await reap(t, '--force-delete', '--yes-delete', '--json');
    assert.equal(code, 0, t.stderr());
    assert.deepEqual(
      world.mutating().map((r) => `${r.method} ${r.url}`),
      [`DELETE /v1/environments/${GHOST}?force=true`],
    );
    const doc = JSON.parse(t.stdout()) as {
      ok: boolean;
      results: { id: string; outcome: string }[];
    };
    assert.deepEqual(doc.results, [{ id: GHOST, outcome: 'deleted', detail: 'deleted' }]);
  });

  it('runReapEnvironments() --force-delete on a TTY deletes after DELETE is typed', async () => {
    const t = io(true);
    t.input('DELETE\n');
    const code = await reap(t, '--force-delete');
    assert.equal(code, 0, t.stderr());
    assert.match(t.stderr(), /Type DELETE/);
    assert.equal(world.mutating().length, 1);
  });

  it('runReapEnvironments() --force-delete on a TTY deletes nothing for any other answer', async () => {
    const t = io(true);
    t.input('delete\n');
    const code = await reap(t, '--force-delete');
    assert.equal(code, 1);
    assert.match(t.stderr(), /clauster reap-environments: not confirmed .*nothing was deleted$/m);
    assert.equal(world.mutating().length, 0);
    // With --json the refusal is the error body, alone on stdout.
    const json = io(true);
    json.input('no\n');
    assert.equal(await reap(json, '--force-delete', '--json'), 1);
    const body = JSON.parse(json.stdout()) as { error: { code: string; message: string } };
    assert.equal(body.error.code, 'not-confirmed');
    assert.match(
      json.stderr(),
      /clauster reap-environments: not confirmed .*nothing was deleted$/m,
    );
    assert.equal(world.mutating().length, 0);
  });

  it('runReapEnvironments() skips an id that stopped being a ghost before the delete', async () => {
    const t = io(true);
    // The operator sees the list; a bridge starts in alpha before DELETE is typed.
    const run = reap(t, '--force-delete');
    for (let i = 0; i < 200 && !t.stderr().includes('Type DELETE'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    await writeBridges(world, [
      { cwd: join(world.projectsRoot, 'beta'), pid: 777, alive: true },
      { cwd: join(world.projectsRoot, 'alpha'), pid: 778, alive: true },
    ]);
    t.input('DELETE\n');
    assert.equal(await run, 0, t.stderr());
    assert.match(t.stdout(), /skipped\s+\S+\s+not a ghost in the fresh listing/);
    assert.equal(world.mutating().length, 0);
  });

  it('runReapEnvironments() aborts with exit 1 when bridges.json is corrupt', async () => {
    await writeFile(join(world.stateDir, 'bridges.json'), '{"schema_version": 1, "bridges": [');
    const t = io();
    const code = await reap(t, '--archive');
    assert.equal(code, 1);
    assert.match(t.stderr(), /aborted, nothing was changed: cannot tell which bridges are live/);
    assert.equal(world.mutating().length, 0);
  });

  it('runReapEnvironments() --json prints an abort as {error:{code, message}} only', async () => {
    await writeFile(join(world.stateDir, 'bridges.json'), '{"schema_version": 1, "bridges": [');
    const t = io();
    assert.equal(await reap(t, '--archive', '--json'), 1);
    const doc = JSON.parse(t.stdout()) as { error: { code: string; message: string } };
    assert.deepEqual(Object.keys(doc), ['error']);
    assert.deepEqual(Object.keys(doc.error), ['code', 'message']);
    assert.match(doc.error.message, /^aborted, nothing was changed: cannot tell which bridges/);
    assert.match(t.stderr(), /^clauster reap-environments: aborted, nothing was changed: /m);
  });

  it('runReapEnvironments() prints a refused config like every command, and as JSON with --json', async () => {
    await writeFile(configPath, `state_dir: ${world.stateDir}\nport: "7777"\nhost: 0.0.0.0\n`);
    const t = io();
    assert.equal(await reap(t), 2);
    assert.equal(t.stdout(), '');
    const lines = t.stderr().trim().split('\n');
    assert.match(lines[0] ?? '', /^refused: port: expected a number/);
    assert.equal(
      lines.at(-1),
      `clauster reap-environments: config refused (1 problem) from ${configPath}`,
    );
    const j = io();
    assert.equal(await reap(j, '--json'), 2);
    const doc = JSON.parse(j.stdout()) as { error: { code: string; message: string } };
    assert.equal(doc.error.code, 'config-invalid');
    assert.match(
      doc.error.message,
      /^config refused \(1 problem\) from .*: port: expected a number/,
    );
    assert.match(j.stderr(), /^refused: port: /m);
    assert.equal(world.api.requests.length, 0);
  });

  it('runReapEnvironments() refuses an expired token before any request', async () => {
    await writeCredentials(world.home, { accessToken: world.token, expiresAt: FAKE_NOW - 1 });
    const t = io();
    assert.equal(await reap(t), 1);
    assert.match(t.stderr(), /expired/);
    assert.ok(t.stderr().includes(`${world.token.slice(0, 6)}…`));
    assert.equal(world.api.requests.length, 0);
    assertTokenHidden(t);
  });

  const errors: [string, ReaperScenario['api']['list'], RegExp][] = [
    ['401', { status: 401 }, /401 Unauthorized/],
    ['403', { status: 403 }, /403 Forbidden/],
    ['429', { status: 429 }, /429 rate limited/],
    ['500', { status: 500 }, /server error 500/],
    ['malformed JSON', 'malformed', /not valid JSON/],
  ];
  for (const [name, how, message] of errors) {
    it(`runReapEnvironments() exits 1 with a clear message on ${name}`, async () => {
      world.api.list = how;
      const t = io();
      assert.equal(await reap(t, '--archive'), 1);
      assert.match(t.stderr(), message);
      assert.equal(world.mutating().length, 0);
      assertTokenHidden(t);
    });
  }

  it('runReapEnvironments() exits 1 when the API refuses the connection', async () => {
    await world.api.close();
    const t = io();
    assert.equal(await reap(t), 1);
    assert.match(t.stderr(), /cannot reach 127\.0\.0\.1/);
  });

  it('runReapEnvironments() exits 1 when an archive fails midway', async () => {
    world.api.archive = { status: 503 };
    const t = io();
    assert.equal(await reap(t, '--archive'), 1);
    assert.match(t.stdout(), /failed\s+\S+\s+POST archive/);
  });

  it('runReapEnvironments() rejects contradictory flags with exit 2', async () => {
    const t = io();
    assert.equal(await main(['reap-environments', '--archive', '--force-delete'], t.io), 2);
    assert.match(t.stderr(), /^clauster reap-environments: --archive and --force-delete cannot/);
    const u = io();
    assert.equal(await main(['reap-environments', '--yes-delete'], u.io), 2);
    assert.match(u.stderr(), /^clauster reap-environments: --yes-delete only goes with/);
    assert.equal(world.api.requests.length, 0);
  });
});
