import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { beforeEach, describe, it } from 'node:test';
import { probePort } from '../../src/cli/doctor.js';
import { main } from '../../src/cli/main.js';
import { createTestIo } from '../support/cli-io.js';
import { FAKE_CLAUDE_PATH, prepareClaudeHome } from '../support/fake-claude.js';
import { useTempDir } from '../support/temp.js';

const home = useTempDir();
let configPath = '';
beforeEach(async () => {
  configPath = join(home.path, 'clauster.yml');
  await mkdir(join(home.path, 'projects', 'alpha'), { recursive: true });
  await prepareClaudeHome(home.path, { trusted: [join(home.path, 'projects')] });
});

/** An in-process CliIo over the temp HOME. */
function io() {
  return createTestIo({ home: home.path });
}

async function writeConfig(extra = ''): Promise<void> {
  await writeFile(
    configPath,
    `projects_root: ${home.path}/projects\nstate_dir: ${home.path}/state\nport: 0\nclaude:\n  binary: ${FAKE_CLAUDE_PATH}\n${extra}`,
  );
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
}

describe('runDoctor()', () => {
  it('runDoctor() prints the table and exits 0 without FAIL rows', async () => {
    await writeConfig();
    const t = io();
    const code = await main(['doctor', '--config', configPath], t.io);
    assert.equal(code, 0, t.stdout());
    assert.match(t.stdout(), /^ID\s+STATUS\s+DETAIL\n/);
    assert.match(t.stdout(), /\nclaude\s+OK\s+.*2\.1\.197/);
    assert.match(t.stdout(), /\n\d+ OK, \d+ WARN, 0 FAIL\n$/);
  });

  it('runDoctor() --json prints {ok, checks, generated_at}', async () => {
    await writeConfig();
    const t = io();
    const code = await main(['doctor', '--config', configPath, '--json'], t.io);
    assert.equal(code, 0);
    const doc = JSON.parse(t.stdout()) as Record<string, unknown>;
    assert.deepEqual(Object.keys(doc), ['ok', 'checks', 'generated_at']);
    assert.equal(doc.ok, true);
    const checks = doc.checks as { id: string; status: string; fix: string | null }[];
    assert.ok(checks.some((row) => row.id === 'port'));
    for (const row of checks) assert.ok(['OK', 'WARN', 'FAIL'].includes(row.status));
  });

  it('runDoctor() exits 1 when a row fails (old claude)', async () => {
    await writeConfig('  env:\n    FAKE_CLAUDE_VERSION: 2.0.1\n');
    const t = io();
    const code = await main(['doctor', '--config', configPath], t.io);
    assert.equal(code, 1);
    assert.match(t.stdout(), /claude\s+FAIL\s+.*2\.0\.1, older than claude\.min_version/);
    assert.match(t.stdout(), /fix: run `claude update`/);
  });

  it('runDoctor() fails a hung claude --version after --timeout', async () => {
    await writeConfig('  env:\n    FAKE_CLAUDE_VERSION_HANG: "1"\n');
    const t = io();
    const code = await main(['doctor', '--config', configPath, '--timeout', '1', '--json'], t.io);
    assert.equal(code, 1);
    const doc = JSON.parse(t.stdout()) as {
      checks: { id: string; status: string; detail: string }[];
    };
    const claude = doc.checks.find((row) => row.id === 'claude');
    assert.equal(claude?.status, 'FAIL');
    assert.match(claude?.detail ?? '', /did not finish within 1 s/);
  });

  it('runDoctor() fails the config row without repeating the offending value', async () => {
    const secret = `FAKE${'S'.repeat(24)}`;
    await writeConfig(
      `auth:\n  password_hash: "${secret}"\n  password_required: true\n  enabled: true\n`,
    );
    const t = io();
    const code = await main(['doctor', '--config', configPath], t.io);
    assert.equal(code, 1);
    assert.match(t.stdout(), /config\s+FAIL\s+.*auth\.password_hash/);
    assert.equal(`${t.stdout()}${t.stderr()}`.includes(secret), false);
  });

  it('runDoctor() reports a config that does not parse and still runs the other rows', async () => {
    await writeFile(configPath, 'port: [unclosed\n');
    const t = io();
    const code = await main(['doctor', '--config', configPath, '--json'], t.io);
    assert.equal(code, 1);
    const doc = JSON.parse(t.stdout()) as {
      checks: { id: string; status: string; detail: string }[];
    };
    assert.equal(doc.checks[0]?.status, 'FAIL');
    assert.match(doc.checks.find((row) => row.id === 'claude')?.detail ?? '', /not checked/);
    assert.equal(doc.checks.find((row) => row.id === 'node')?.status, 'OK');
  });

  it('runDoctor() fails the config row for a missing --config file', async () => {
    const t = io();
    const code = await main(['doctor', '--config', join(home.path, 'missing.yml')], t.io);
    assert.equal(code, 1);
    assert.match(t.stdout(), /config\s+FAIL\s+.*missing\.yml/);
  });

  it('runDoctor() warns when the configured port is taken by another program', async () => {
    const blocker = createServer();
    const port = await listen(blocker);
    try {
      await writeConfig();
      await writeFile(
        configPath,
        (await readFile(configPath, 'utf8')).replace('port: 0', `port: ${port}`),
      );
      const t = io();
      await main(['doctor', '--config', configPath], t.io);
      assert.match(t.stdout(), /port\s+WARN\s+.*in use by another program/);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('runDoctor() exits 2 on a usage error and 0 for --help', async () => {
    const bad = io();
    assert.equal(await main(['doctor', '--bogus'], bad.io), 2);
    const badTimeout = io();
    assert.equal(await main(['doctor', '--timeout', 'soon'], badTimeout.io), 2);
    const help = io();
    assert.equal(await main(['doctor', '--help'], help.io), 0);
    assert.match(help.stdout(), /Usage: clauster doctor/);
  });
});

describe('probePort()', () => {
  it('probePort() tells a free port from a taken one', async () => {
    const server = createServer();
    const port = await listen(server);
    try {
      assert.equal(await probePort('127.0.0.1', port), 'in-use');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    assert.equal(await probePort('127.0.0.1', port), 'free');
  });
});
