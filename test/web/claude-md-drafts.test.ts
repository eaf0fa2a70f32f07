// Unsaved CLAUDE.md text kept in memory (web/src/claude-md-drafts.ts): handed back once per
// project, dropped on save or discard, and described on the login page.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  describeKeptDrafts,
  dropClaudeMdDraft,
  keepClaudeMdDraft,
  listClaudeMdDrafts,
  takeClaudeMdDraft,
} from '../../web/src/claude-md-drafts.js';

const DRAFT = { text: '# mine\n', base: 'a'.repeat(64), crlf: false };

describe('takeClaudeMdDraft()', () => {
  it('takeClaudeMdDraft() hands the kept text back once, for that project only', () => {
    keepClaudeMdDraft('alpha', DRAFT);
    assert.equal(takeClaudeMdDraft('beta'), undefined);
    assert.deepEqual(takeClaudeMdDraft('alpha'), DRAFT);
    assert.equal(takeClaudeMdDraft('alpha'), undefined);
  });

  it('takeClaudeMdDraft() gives the newest text kept for a project', () => {
    keepClaudeMdDraft('alpha', DRAFT);
    keepClaudeMdDraft('alpha', { ...DRAFT, text: 'newer\n' });
    assert.equal(takeClaudeMdDraft('alpha')?.text, 'newer\n');
  });
});

describe('dropClaudeMdDraft()', () => {
  it('dropClaudeMdDraft() forgets the text of one project and leaves the others', () => {
    keepClaudeMdDraft('alpha', DRAFT);
    keepClaudeMdDraft('beta', DRAFT);
    dropClaudeMdDraft('alpha');
    assert.deepEqual(listClaudeMdDrafts(), ['beta']);
    dropClaudeMdDraft('beta');
    assert.deepEqual(listClaudeMdDrafts(), []);
  });
});

describe('describeKeptDrafts()', () => {
  it('describeKeptDrafts() is null without kept text and names each project otherwise', () => {
    assert.equal(describeKeptDrafts([]), null);
    const one = describeKeptDrafts(['alpha']) ?? '';
    assert.match(one, /\(alpha\).*open CLAUDE\.md of that project again/);
    const two = describeKeptDrafts(['alpha', 'beta']) ?? '';
    assert.match(two, /\(alpha, beta\).*each of these projects/);
  });
});
