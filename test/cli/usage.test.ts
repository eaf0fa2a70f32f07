import assert from 'node:assert/strict';
import { mkdir, realpath, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { main } from '../../src/cli/main.js';
import { createTestIo } from '../support/cli-io.js';
import { useTempDir } from '../support/temp.js';
import { assistantLine, userLine, writeTranscript } from '../support/transcript-lines.js';

const tmp = useTempDir('clauster-usage-cli-');

const LINES = [
  userLine(),
  assistantLine({
    id: 'msg_fake0001',
    usage: { input_tokens: 1_000_000, output_tokens: 1_000_000, cache_read_input_tokens: 1200 },
  }),
  assistantLine({
    id: 'msg_fake0004',
    usage: {
      cache_creation_input_tokens: 1_000_000,
      cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 1_000_000 },
    },
  }),
  assistantLine({ id: 'msg_fake0002', model: 'claude-mystery-9', usage: { input_tokens: 5 } }),
  assistantLine({ id: 'msg_fake0003', model: '<synthetic>' }),
  '{garbled',
];

async function setup(configText = '') {
  const home = await realpath(tmp.path);
  const root = join(home, 'projects');
  await mkdir(join(root, 'app'), { recursive: true });
  // Not in the cwd (home): only --config or $CLAUSTER_CONFIG finds it.
  const configPath = join(home, 'conf', 'clauster.yml');
  await mkdir(join(home, 'conf'));
  await writeFile(configPath, `projects_root: ${root}\nstate_dir: ${home}/state\n${configText}`);
  async function run(argv: string[], env: Record<string, string> = {}) {
    const t = createTestIo({ home, env });
    const code = await main(['usage', ...argv], t.io);
    return { code, stdout: t.stdout(), stderr: t.stderr() };
  }
  return { home, project: join(root, 'app'), configPath, run };
}

describe('runUsage()', () => {
  it('runUsage() prints a file as an aligned table with totals, without any config', async () => {
    const { home, project, run } = await setup();
    const path = await writeTranscript(home, project, 'sess.jsonl', LINES);
    const out = await run([path]);
    assert.equal(out.code, 0, out.stderr);
    const lines = out.stdout.split('\n');
    assert.match(
      lines[0] ?? '',
      /^MODEL +MESSAGES +INPUT +OUTPUT +CACHE WRITE +OF WHICH 1H +CACHE READ +COST$/,
    );
    // 1M 1-hour cache writes cost 2 × $3 = $6 on top of $18.
    assert.match(
      out.stdout,
      /\nclaude-sonnet-4-5-20250929 +2 +1,000,000 +1,000,000 +1,000,000 +1,000,000 +1,200 +\$24\.00\n/,
    );
    assert.match(out.stdout, /\nclaude-mystery-9 +1 +5 +0 +0 +0 +0 +-\n/);
    assert.match(
      out.stdout,
      /\nTOTAL +3 +1,000,005 +1,000,000 +1,000,000 +1,000,000 +1,200 +\$24\.00\+\n/,
    );
    assert.match(out.stdout, /skipped 1 unreadable line/);
    assert.match(out.stdout, /not in the price table .*: claude-mystery-9/);
    assert.match(out.stdout, /Cost is approximate: .*last checked \d{4}-\d\d-\d\d/);
    // Numbers are right-aligned: every table line ends in the same column.
    assert.deepEqual(new Set(lines.slice(0, 4).map((line) => line.length)).size, 1);
  });

  it('runUsage() --json prints a project like GET /api/projects/{name}/usage', async () => {
    const { home, project, configPath, run } = await setup(
      'usage:\n  currency: EUR\n  fx_rate: 0.5\n',
    );
    await writeTranscript(home, project, 'a.jsonl', LINES);
    await writeTranscript(home, project, 'b.jsonl', [LINES[1] ?? '']);
    const out = await run(['app', '--json', '--config', configPath]);
    assert.equal(out.code, 0, out.stderr);
    const body = JSON.parse(out.stdout);
    assert.equal(body.project, 'app');
    assert.equal(body.mode, 'cost');
    assert.equal(body.usage.files, 2);
    assert.equal(body.usage.totals.messages, 3);
    assert.equal(body.usage.totals.cache_write_1h, 1_000_000);
    assert.equal(body.usage.cost.currency, 'EUR');
    assert.equal(body.usage.cost.amount, 12.00018);
    assert.deepEqual(body.usage.unpriced_models, ['claude-mystery-9']);
  });

  it('runUsage() prints a project as text and leaves the cost out in tokens mode', async () => {
    const { home, project, configPath, run } = await setup('usage:\n  mode: tokens\n');
    await writeTranscript(home, project, 'a.jsonl', LINES);
    const out = await run(['app'], { CLAUSTER_CONFIG: configPath });
    assert.equal(out.code, 0, out.stderr);
    assert.match(
      out.stdout,
      /^MODEL +MESSAGES +INPUT +OUTPUT +CACHE WRITE +OF WHICH 1H +CACHE READ\n/,
    );
    assert.doesNotMatch(out.stdout, /\$|approximate/);
  });

  it('runUsage() --json of a file names it and has no project', async () => {
    const { home, project, run } = await setup();
    const path = await writeTranscript(home, project, 'sess.jsonl', LINES);
    const body = JSON.parse((await run([path, '--json'])).stdout);
    assert.equal(body.project, null);
    assert.equal(body.file, path);
    assert.equal(body.usage.totals.cost_usd, 24.00036);
  });

  it('runUsage() shows a plain - as the total cost when nothing could be priced', async () => {
    const { home, project, run } = await setup();
    const path = await writeTranscript(home, project, 'odd.jsonl', [LINES[3] ?? '']);
    const out = await run([path]);
    assert.equal(out.code, 0, out.stderr);
    assert.match(out.stdout, /\nTOTAL +1 +5 +0 +0 +0 +0 +-\n/);
  });

  it('runUsage() reads the deprecated usage.show_cost: false as mode tokens', async () => {
    const { home, project, configPath, run } = await setup('usage:\n  show_cost: false\n');
    await writeTranscript(home, project, 'a.jsonl', LINES);
    const out = await run(['app', '--config', configPath]);
    assert.equal(out.code, 0, out.stderr);
    assert.match(out.stdout, /^MODEL .*CACHE READ\n/);
    assert.doesNotMatch(out.stdout, /COST|\$/);
  });

  it('runUsage() exits 1 for an unreadable file or an unknown project', async () => {
    const { home, configPath, run } = await setup();
    const missing = await run([join(home, 'none.jsonl')]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /none\.jsonl: cannot read the transcript \(ENOENT\)/);
    const unknown = await run(['ghost', '--config', configPath]);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /^clauster usage: /);
  });

  it('runUsage() says a bare file name was taken for a project, exit 2 without projects_root', async () => {
    const { home, run } = await setup();
    await writeFile(join(home, 'notes.txt'), 'x\n');
    const out = await run(['notes.txt']);
    assert.equal(out.code, 2);
    assert.match(
      out.stderr,
      /^clauster usage: "notes\.txt" was taken for a project name \(it has no '\/' and does not end in \.jsonl\): projects_root: .*; to read a transcript file, give its path with a '\/' \("\.\/notes\.txt"\); to read a project, set projects_root in the config\n$/,
    );
    assert.equal(out.stdout, '');
  });

  it('runUsage() --json prints failures as {"error":{code,message}} on stdout', async () => {
    const { home, configPath, run } = await setup();
    const missing = await run([join(home, 'none.jsonl'), '--json']);
    assert.equal(missing.code, 1);
    const body = JSON.parse(missing.stdout) as { error: { code: string; message: string } };
    assert.equal(body.error.code, 'unreadable');
    assert.equal(missing.stderr, `clauster usage: ${body.error.message}\n`);
    const unknown = await run(['ghost', '--json', '--config', configPath]);
    assert.equal(unknown.code, 1);
    assert.equal(JSON.parse(unknown.stdout).error.code, 'unknown-project');
    const bad = join(home, 'bad.yml');
    await writeFile(bad, 'usage:\n  currency: usd\n');
    const refused = await run(['app', '--json', '--config', bad]);
    assert.equal(refused.code, 2);
    assert.equal(JSON.parse(refused.stdout).error.code, 'config-invalid');
    assert.match(refused.stderr, /usage\.currency.*\nclauster usage: config refused in [^\n]+\n$/s);
  });

  it('runUsage() exits 2 on a usage or config error', async () => {
    const { home, configPath, run } = await setup();
    assert.equal((await run([])).code, 2);
    assert.equal((await run(['a', 'b'])).code, 2);
    assert.equal((await run(['app', '--bogus'])).code, 2);
    assert.equal((await run(['.hidden', '--config', configPath])).code, 2);
    const bad = join(home, 'bad.yml');
    await writeFile(bad, 'usage:\n  currency: usd\n');
    const refused = await run(['app', '--config', bad]);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /usage\.currency/);
  });
});
