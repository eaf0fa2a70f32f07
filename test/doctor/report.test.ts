import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatDoctorTable, toDoctorJson } from '../../src/doctor/report.js';
import type { DoctorReport } from '../../src/doctor/run-checks.js';

const REPORT: DoctorReport = {
  ok: false,
  generated_at: '2026-01-02T03:04:05.000Z',
  checks: [
    { id: 'config', status: 'OK', detail: '/srv/clauster.yml is valid', fix: null },
    { id: 'claude', status: 'FAIL', detail: 'too old', fix: 'run `claude update`' },
    {
      id: 'git',
      status: 'WARN',
      detail: 'seen env_01Fakexxxxxxxxxxxxxxxxx\nnext',
      fix: 'install git',
    },
  ],
};

describe('toDoctorJson()', () => {
  it('toDoctorJson() has exactly the documented shape', () => {
    const json = toDoctorJson(REPORT);
    assert.deepEqual(Object.keys(json), ['ok', 'checks', 'generated_at']);
    for (const row of json.checks)
      assert.deepEqual(Object.keys(row), ['id', 'status', 'detail', 'fix']);
    assert.equal(json.ok, false);
    assert.equal(json.checks[0]?.fix, null);
    assert.equal(json.generated_at, '2026-01-02T03:04:05.000Z');
  });

  it('toDoctorJson() redacts ids and flattens line breaks', () => {
    const detail = toDoctorJson(REPORT).checks[2]?.detail ?? '';
    assert.equal(detail.includes('env_01Fake'), false);
    assert.equal(detail.includes('\n'), false);
  });
});

describe('formatDoctorTable()', () => {
  it('formatDoctorTable() prints a header, rows, fix lines for non-OK rows and a summary', () => {
    const lines = formatDoctorTable(REPORT).trimEnd().split('\n');
    assert.match(lines[0] ?? '', /^ID\s+STATUS\s+DETAIL$/);
    assert.match(lines[1] ?? '', /^config\s+OK\s+\/srv\/clauster\.yml is valid$/);
    assert.match(lines[2] ?? '', /^claude\s+FAIL\s+too old$/);
    assert.match(lines[3] ?? '', /^\s+fix: run `claude update`$/);
    assert.equal(lines.filter((line) => line.includes('fix:')).length, 2);
    assert.equal(lines.at(-1), '1 OK, 1 WARN, 1 FAIL');
  });
});
