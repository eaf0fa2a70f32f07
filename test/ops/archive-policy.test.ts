import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkArchiveMember } from '../../src/ops/archive-policy.js';

describe('checkArchiveMember()', () => {
  const cases: Array<{ path: string; type: string; code: string | null }> = [
    { path: 'manifest.json', type: 'File', code: null },
    { path: 'state/tokens.json', type: 'File', code: null },
    { path: 'state/logs/br-abc/debug.log', type: 'File', code: null },
    { path: 'state/', type: 'Directory', code: null },
    { path: './config/clauster.yml', type: 'File', code: null },
    { path: '/etc/passwd', type: 'File', code: 'absolute-path' },
    { path: 'C:/x', type: 'File', code: 'absolute-path' },
    { path: 'state/../../x', type: 'File', code: 'parent-traversal' },
    { path: '../x', type: 'File', code: 'parent-traversal' },
    { path: 'state/link', type: 'SymbolicLink', code: 'link' },
    { path: 'state/hard', type: 'Link', code: 'link' },
    { path: 'state/dev', type: 'CharacterDevice', code: 'special-file' },
    { path: 'state/blk', type: 'BlockDevice', code: 'special-file' },
    { path: 'state/fifo', type: 'FIFO', code: 'special-file' },
    { path: 'other/file', type: 'File', code: 'outside-layout' },
    { path: 'manifest.json', type: 'Directory', code: 'outside-layout' },
    { path: 'state\\x', type: 'File', code: 'bad-name' },
    { path: '', type: 'File', code: 'bad-name' },
  ];
  for (const c of cases) {
    it(`checkArchiveMember() ${c.code ? `refuses ${c.code}` : 'accepts'} ${JSON.stringify(c.path)} (${c.type})`, () => {
      const verdict = checkArchiveMember({ path: c.path, type: c.type });
      if (c.code === null) assert.equal(verdict.ok, true);
      else assert.equal(verdict.ok ? null : verdict.code, c.code);
    });
  }
});
