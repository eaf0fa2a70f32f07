import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { type HarnessOptions, useBridgeHarnesses } from '../support/bridge-harness.js';
import { readOwnProcStart, writeBridgePointer } from '../support/bridge-pointer.js';
import { readClaudeJson, waitFor } from '../support/fake-claude.js';
import { findFreePort } from '../support/free-port.js';
import { createHarnessCli, fetchToHarnessApp } from '../support/harness-cli.js';

const createHarness = useBridgeHarnesses();

async function setup(options: HarnessOptions = {}) {
  const h = await createHarness(options);
  const requests: Request[] = [];
  const { run } = await createHarnessCli(
    h,
    fetchToHarnessApp(h, (request) => requests.push(request)),
  );
  return { h, run, requests };
}

describe('clauster trust / projects / status', () => {
  it('runTrust() trusts a project and runProjects() shows it, both with --json', async () => {
    const { h, run } = await setup({ trusted: [] });
    const before = await run(['projects', '--json']);
    assert.equal(before.code, 0, before.stderr);
    const listed = JSON.parse(before.stdout) as {
      projects: Array<{ name: string; trusted: boolean }>;
    };
    assert.deepEqual(
      listed.projects.map((p) => [p.name, p.trusted]),
      [
        ['app', false],
        ['repo', false],
      ],
    );

    const trusted = await run(['trust', 'repo']);
    assert.equal(trusted.code, 0, trusted.stderr);
    assert.match(trusted.stdout, /^trusted repo \(/);
    const config = (await readClaudeJson(h.home)) as {
      projects: Record<string, { hasTrustDialogAccepted?: boolean }>;
    };
    assert.equal(config.projects[h.repo]?.hasTrustDialogAccepted, true);
    const again = await run(['trust', 'repo', '--json']);
    assert.equal(again.code, 0);
    assert.deepEqual(JSON.parse(again.stdout).changed, false);
    // No bridge fields: trust does not read the registry, so it cannot tell ours from others.
    assert.deepEqual(
      Object.keys(JSON.parse(again.stdout).project).includes('external_bridge'),
      false,
    );

    const table = await run(['projects']);
    assert.match(table.stdout, /^NAME\s+TRUSTED\s+GIT\s+BRIDGE\s+URL\n/);
    assert.match(table.stdout, /\nrepo\s+yes\s+yes\s+-\s+-\n/);
    assert.match(table.stdout, /\napp\s+no \(not-granted\)\s+no/);
  });

  it('runTrust() refuses unknown or malformed names and a non-object .claude.json', async () => {
    const { h, run } = await setup({ trusted: [] });
    assert.equal((await run(['trust', 'nope'])).code, 2);
    assert.equal((await run(['trust', '../etc'])).code, 2);
    assert.equal((await run(['trust'])).code, 2);
    await fs.writeFile(join(h.home, '.claude.json'), '[]');
    const refused = await run(['trust', 'app']);
    assert.equal(refused.code, 1);
    assert.match(
      refused.stderr,
      /expected a JSON object, got an array; the file was left unchanged/,
    );
    assert.equal(await fs.readFile(join(h.home, '.claude.json'), 'utf8'), '[]');
  });

  it('runStatus() reads bridges.json and liveness without a server', async () => {
    const { h, run } = await setup();
    const empty = await run(['status']);
    assert.equal(empty.code, 0);
    assert.equal(empty.stdout, 'no bridges recorded\n');
    const started = await h.supervisor.start('app', {});
    assert.ok(started.ok);
    await h.waitForStatus(started.value.id, 'running');
    type StatusJson = {
      bridges: Array<{
        id: string;
        status: string;
        alive: boolean;
        url: string;
        resources: { rss_bytes: number; cpu_percent: number | null } | null;
      }>;
    };
    // bridges.json is written right after the in-memory change is published.
    const { bridges } = await waitFor(async () => {
      const parsed = JSON.parse((await run(['status', '--json'])).stdout) as StatusJson;
      return parsed.bridges[0]?.status === 'running' ? parsed : null;
    }, 5000);
    assert.equal(bridges[0]?.id, started.value.id);
    assert.equal(bridges[0]?.status, 'running');
    assert.equal(bridges[0]?.alive, true);
    // metrics.enabled (default): the fake claude's real /proc tree, CPU over a short window.
    assert.ok((bridges[0]?.resources?.rss_bytes ?? 0) > 0);
    assert.equal(typeof bridges[0]?.resources?.cpu_percent, 'number');
    const table = await run(['status']);
    assert.match(
      table.stdout,
      new RegExp(`${started.value.id}\\s+app\\s+running\\s+${started.value.pid}`),
    );
    await h.supervisor.stop(started.value.id);
    await fs.writeFile(join(h.stateDir, 'bridges.json'), '{');
    const corrupt = await run(['status']);
    assert.equal(corrupt.code, 1);
    assert.equal(
      await fs.readFile(join(h.stateDir, 'bridges.json'), 'utf8'),
      '{',
      'status never rewrites state',
    );
  });
});

describe('clauster start / stop', () => {
  it('runStart() starts through the API with the token, waits for running; runStop() stops by project', async () => {
    const { h, run, requests } = await setup();
    const tokenFile = join(h.root, 'token');
    const token = `clauster_pat_${'FAKE'.repeat(8)}`;
    await fs.writeFile(tokenFile, `${token}\n`);
    const env = { CLAUSTER_TOKEN_FILE: tokenFile };
    const started = await run(
      [
        'start',
        'app',
        '--name',
        'Phone',
        '--capacity',
        '4',
        '--url',
        'http://127.0.0.1:7621',
        '--json',
      ],
      env,
    );
    assert.equal(started.code, 0, started.stderr);
    const { bridge } = JSON.parse(started.stdout) as {
      bridge: { id: string; status: string; url: string; name: string };
    };
    assert.equal(bridge.status, 'running');
    assert.match(bridge.url, /^https:\/\/claude\.ai\/code\?environment=env_/);
    assert.equal(bridge.name, 'Phone');
    assert.ok(requests.every((r) => r.headers.get('authorization') === `Bearer ${token}`));
    assert.ok(!started.stdout.includes(token) && !started.stderr.includes(token));

    const second = await run(['start', 'app', '--url', 'http://127.0.0.1:7621'], env);
    assert.equal(second.code, 1);
    assert.match(second.stderr, /already has a live bridge.*\(already-running\)/);

    const stopped = await run(['stop', 'app', '--url', 'http://127.0.0.1:7621'], env);
    assert.equal(stopped.code, 0, stopped.stderr);
    assert.equal(stopped.stdout, `app: stopped ${bridge.id}\n`);
    const none = await run(['stop', 'app', '--url', 'http://127.0.0.1:7621'], env);
    assert.equal(none.code, 1);
    assert.match(none.stderr, /has no live bridge/);
  });

  it('runStart() reports a crash with the CLI reason and a bad option as a usage error', async () => {
    const { run } = await setup({ knobs: { FAKE_CLAUDE_CRASH: 'a' } });
    const crashed = await run(['start', 'app', '--url', 'http://127.0.0.1:7621']);
    assert.equal(crashed.code, 1);
    assert.match(
      crashed.stderr,
      /^clauster start: app: crashed br-[a-z2-7]{12} Error: getaddrinfo ENOTFOUND api\.anthropic\.com\nwhat to do: This server could not reach Anthropic's API: [^\n]+\n$/,
    );
    const bad = await run([
      'start',
      'app',
      '--spawn-mode',
      'fork',
      '--url',
      'http://127.0.0.1:7621',
    ]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /spawn_mode: expected one of/);
    assert.equal((await run(['start', 'app', '--capacity', 'many'])).code, 2);
    assert.equal((await run(['start'])).code, 2);
  });

  it('runStart() prints a bridged-elsewhere refusal with exit 1; runProjects() shows the pid', async () => {
    const { h, run } = await setup();
    const procStart = await readOwnProcStart();
    await writeBridgePointer(h.home, h.app, { pid: process.pid, procStart });
    const refused = await run(['start', 'app', '--url', 'http://127.0.0.1:7621']);
    assert.equal(refused.code, 1);
    assert.match(
      refused.stderr,
      new RegExp(
        `^clauster start: project app: .*\\(pid ${process.pid}\\) first, or let it be \\(or adopt it: \`clauster adopt app\`\\) \\(bridged-elsewhere\\)\n$`,
      ),
    );
    assert.deepEqual(h.supervisor.list(), []);
    const listed = await run(['projects', '--json']);
    const { projects } = JSON.parse(listed.stdout) as {
      projects: Array<{ name: string; external_bridge: { pid: number } | null }>;
    };
    assert.deepEqual(
      projects.map((p) => [p.name, p.external_bridge]),
      [
        ['app', { pid: process.pid, adoptable: true }],
        ['repo', null],
      ],
    );
    const table = await run(['projects']);
    assert.match(
      table.stdout,
      new RegExp(`\\napp +yes +no +outside clauster \\(pid ${process.pid}\\)`),
    );
  });

  it('runStart() and runStop() say clearly when no dashboard is running', async () => {
    const { h } = await setup();
    // Node's own fetch, not the app's.
    const { run } = await createHarnessCli(h);
    const port = await findFreePort();
    const url = `http://127.0.0.1:${port}`;
    for (const argv of [
      ['start', 'app', '--url', url],
      ['stop', 'app', '--url', url],
    ]) {
      const result = await run(argv);
      assert.equal(result.code, 1);
      assert.match(
        result.stderr,
        new RegExp(`dashboard not reachable at ${url}; start it with \`clauster run\``),
      );
    }
  });

  it('every bridge command answers --help with exit 0', async () => {
    const { run } = await setup();
    for (const command of ['projects', 'status', 'trust', 'start', 'stop']) {
      const result = await run([command, '--help']);
      assert.equal(result.code, 0, command);
      assert.match(result.stdout, new RegExp(`^Usage: clauster ${command}`));
    }
  });
});
