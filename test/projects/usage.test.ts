import assert from 'node:assert/strict';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { MAX_SANITIZED_LENGTH, toPointerKey } from '../../src/claude/bridge-pointer.js';
import { configSchema } from '../../src/config/schema.js';
import { createTranscriptCache } from '../../src/projects/transcript-file.js';
import {
  listTranscriptFiles,
  readFileUsage,
  readProjectUsage,
  toUsageSettings,
} from '../../src/projects/usage.js';
import { DEFAULT_USAGE_SETTINGS } from '../../src/projects/usage-report.js';
import { createCountingFs } from '../support/counting-fs.js';
import { useTempDir } from '../support/temp.js';
import { assistantLine, writeTranscript } from '../support/transcript-lines.js';

const tmp = useTempDir('clauster-usage-');

function deps(env: Record<string, string> = {}) {
  return { fs: createCountingFs().fs, env, home: tmp.path };
}

describe('listTranscriptFiles()', () => {
  it('listTranscriptFiles() finds the *.jsonl of each directory and sub-agent transcripts', async () => {
    const project = '/srv/projects/app';
    const main = await writeTranscript(tmp.path, project, 'sess-a.jsonl', [assistantLine()]);
    const agent = await writeTranscript(tmp.path, project, 'sess-a/subagents/agent-1.jsonl', [
      assistantLine({ id: 'msg_fake0009', sidechain: true }),
    ]);
    await writeTranscript(tmp.path, project, 'notes.txt', ['x']);
    const other = await writeTranscript(tmp.path, '/srv/projects/app2', 'b.jsonl', ['x']);
    const listing = await listTranscriptFiles([project], deps());
    assert.deepEqual(listing.files, [main, agent]);
    assert.ok(!listing.files.includes(other));
  });

  it('listTranscriptFiles() never follows a symlinked transcript', async () => {
    const project = '/srv/projects/app';
    const real = await writeTranscript(tmp.path, project, 'real.jsonl', [assistantLine()]);
    await symlink(real, join(real, '..', 'link.jsonl'));
    const listing = await listTranscriptFiles([project], deps());
    assert.deepEqual(listing.files, [real]);
  });

  it('listTranscriptFiles() never reads a symlinked subagents folder pointing outside', async () => {
    const project = '/srv/projects/app';
    const main = await writeTranscript(tmp.path, project, 'sess-b.jsonl', [assistantLine()]);
    const outside = join(tmp.path, 'elsewhere');
    await mkdir(outside);
    await writeFile(join(outside, 'agent-9.jsonl'), `${assistantLine({ id: 'msg_fake0099' })}\n`);
    await mkdir(join(main, '..', 'sess-b'));
    await symlink(outside, join(main, '..', 'sess-b', 'subagents'));
    const listing = await listTranscriptFiles([project], deps());
    assert.deepEqual(listing.files, [main]);
  });

  it('listTranscriptFiles() never follows a symlinked key folder', async () => {
    const project = '/srv/projects/app';
    const outside = join(tmp.path, 'elsewhere');
    await mkdir(outside);
    await writeFile(join(outside, 'sess-z.jsonl'), `${assistantLine({ id: 'msg_fake0077' })}\n`);
    await mkdir(join(tmp.path, '.claude', 'projects'), { recursive: true });
    await symlink(outside, join(tmp.path, '.claude', 'projects', toPointerKey(project)));
    const listing = await listTranscriptFiles([project], deps());
    assert.deepEqual(listing.files, []);
    const report = await readProjectUsage([project], DEFAULT_USAGE_SETTINGS, deps());
    assert.equal(report.totals.messages, 0);
  });

  it("listTranscriptFiles() prefers a long path's exact folder over other prefix matches", async () => {
    const project = `/srv/${'deep/'.repeat(50)}app`;
    const root = join(tmp.path, '.claude', 'projects');
    const other = join(root, `${toPointerKey(project).slice(0, MAX_SANITIZED_LENGTH)}-otherhash`);
    await mkdir(other, { recursive: true });
    await writeFile(join(other, 'y.jsonl'), `${assistantLine()}\n`);
    const exact = await writeTranscript(tmp.path, project, 'x.jsonl', [assistantLine()]);
    const listing = await listTranscriptFiles([project], deps());
    assert.deepEqual(listing.files, [exact]);
  });

  it('listTranscriptFiles() uses $CLAUDE_CONFIG_DIR and matches a long path whatever its hash', async () => {
    const project = `/srv/${'deep/'.repeat(50)}app`;
    const key = `${toPointerKey(project).slice(0, MAX_SANITIZED_LENGTH)}-otherhash`;
    const folder = join(tmp.path, 'custom', 'projects', key);
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, 'x.jsonl'), `${assistantLine()}\n`);
    const env = { CLAUDE_CONFIG_DIR: join(tmp.path, 'custom') };
    const listing = await listTranscriptFiles([project], deps(env));
    assert.deepEqual(listing.files, [join(folder, 'x.jsonl')]);
  });

  it('listTranscriptFiles() finds nothing, and no failure, without a projects folder', async () => {
    assert.deepEqual(await listTranscriptFiles(['/srv/none'], deps()), {
      files: [],
      unreadable: 0,
    });
  });
});

describe('readProjectUsage()', () => {
  it('readProjectUsage() sums both directories of a project and counts each message once', async () => {
    await writeTranscript(tmp.path, '/real/app', 'a.jsonl', [
      assistantLine({ id: 'msg_fake0001', usage: { input_tokens: 1_000_000 } }),
    ]);
    await writeTranscript(tmp.path, '/link/app', 'b.jsonl', [
      assistantLine({ id: 'msg_fake0001', usage: { input_tokens: 1_000_000 } }),
      assistantLine({ id: 'msg_fake0002', usage: { output_tokens: 1_000_000 } }),
    ]);
    const cache = createTranscriptCache();
    const report = await readProjectUsage(['/real/app', '/link/app'], DEFAULT_USAGE_SETTINGS, {
      ...deps(),
      cache,
    });
    assert.equal(report.files, 2);
    assert.equal(report.totals.messages, 2);
    assert.equal(report.totals.cost_usd, 3 + 15);
  });

  it('readProjectUsage() is zero usage when the project has no transcripts', async () => {
    const report = await readProjectUsage(['/srv/none'], DEFAULT_USAGE_SETTINGS, deps());
    assert.equal(report.totals.messages, 0);
    assert.equal(report.files, 0);
  });
});

describe('readFileUsage()', () => {
  it('readFileUsage() refuses an unreadable file', async () => {
    const read = await readFileUsage(join(tmp.path, 'x.jsonl'), DEFAULT_USAGE_SETTINGS, deps());
    assert.equal(read.ok, false);
  });
});

describe('toUsageSettings()', () => {
  it('toUsageSettings() maps the config section, defaults included', () => {
    assert.deepEqual(toUsageSettings(configSchema.parse({}).usage), DEFAULT_USAGE_SETTINGS);
    const raw = { usage: { mode: 'tokens', currency: 'EUR', fx_rate: 0.9 } };
    const settings = toUsageSettings(configSchema.parse(raw).usage);
    assert.equal(settings.mode, 'tokens');
    assert.equal(settings.fxRate, 0.9);
    assert.equal(settings.currency, 'EUR');
  });

  it('configSchema refuses a bad currency and a non-positive fx_rate', () => {
    assert.equal(configSchema.safeParse({ usage: { currency: 'usd' } }).success, false);
    assert.equal(configSchema.safeParse({ usage: { fx_rate: 0 } }).success, false);
    assert.equal(configSchema.safeParse({ usage: { mode: 'all' } }).success, false);
  });
});
