// The help panel's text (web/src/help-text.ts) against the code it describes: every bridge
// status and trust reason is explained and nothing else is, every `clauster` command it names
// exists, it links nowhere, its code marks pair up, and optional features show only when on.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BRIDGE_STATUSES } from '../../src/bridges/record.js';
import type { TrustReason } from '../../src/claude/trust-state.js';
import { COMMANDS } from '../../src/cli/main.js';
import { HELP_SECTIONS, helpSections } from '../../web/src/help-text.js';
import { splitInlineCode } from '../../web/src/inline-pieces.js';
import { buildOrientationSteps, NO_PROJECTS_HOW } from '../../web/src/orientation-steps.js';

// Exhaustive by type: a reason added to or removed from TrustReason fails the typecheck.
const TRUST_REASONS = {
  sandboxed: true,
  granted: true,
  'ancestor-granted': true,
  'git-repo-needs-own-grant': true,
  'not-granted': true,
  'config-unreadable': true,
} satisfies Record<TrustReason, true>;

function allText(): string[] {
  const out: string[] = [];
  for (const section of HELP_SECTIONS) {
    out.push(section.heading, ...section.paragraphs);
    for (const item of section.items) out.push(item.term, item.text);
  }
  return out;
}

function section(heading: string) {
  const found = HELP_SECTIONS.find((s) => s.heading === heading);
  assert.ok(found, `a "${heading}" section`);
  return found;
}

describe('HELP_SECTIONS', () => {
  it('HELP_SECTIONS explains exactly the bridge statuses of src/bridges/record.ts', () => {
    const statuses = section('Bridge status');
    assert.equal(statuses.terms, 'status');
    assert.deepEqual(statuses.items.map((item) => item.term).sort(), [...BRIDGE_STATUSES].sort());
  });

  it('HELP_SECTIONS explains exactly the trust reasons the server reports', () => {
    const trust = section('Trust');
    assert.deepEqual(
      trust.items.map((item) => item.term).sort(),
      Object.keys(TRUST_REASONS).sort(),
    );
  });

  it('HELP_SECTIONS names only clauster commands that exist', () => {
    // What the operator can see: the help, the getting-started card and the empty state.
    const facts = { projects: 1, trusted: 0, live: 0, ready: null };
    const steps = [...buildOrientationSteps(facts).map((step) => step.text), NO_PROJECTS_HOW];
    const named = new Set<string>();
    // Commands are code: in backticks, or the terms of a code-styled section.
    const code = [...allText(), ...steps].flatMap((text) =>
      splitInlineCode(text).flatMap((piece) => (piece.code ? [piece.text] : [])),
    );
    const terms = HELP_SECTIONS.filter((s) => s.terms === 'code').flatMap((s) =>
      s.items.map((item) => item.term),
    );
    for (const text of [...code, ...terms]) {
      for (const match of text.matchAll(/^clauster ([a-z][a-z-]*)/g)) named.add(match[1] ?? '');
    }
    for (const required of [
      'status',
      'logs',
      'open',
      'doctor',
      'adopt',
      'init',
      'install-service',
    ]) {
      assert.ok(named.has(required), `mentions clauster ${required}`);
    }
    for (const command of named) assert.ok(Object.hasOwn(COMMANDS, command), command);
  });

  it('HELP_SECTIONS holds no links: the dashboard works offline', () => {
    for (const text of allText()) assert.doesNotMatch(text, /https?:|www\.|<a\s|href=/i);
  });

  it('HELP_SECTIONS pairs every backtick', () => {
    for (const text of allText()) {
      assert.equal((text.match(/`/g) ?? []).length % 2, 0, text);
    }
  });
});

describe('helpSections()', () => {
  const terms = (features: { clone: boolean; reaper: boolean }) =>
    helpSections(features).flatMap((s) => s.items.map((item) => item.term));

  it('helpSections() leaves out clone and the reaper when they are off', () => {
    const shown = terms({ clone: false, reaper: false });
    assert.ok(!shown.includes('New project / Clone a repository'));
    assert.ok(!shown.includes('Reaper'));
    assert.ok(shown.includes('Trust…'));
  });

  it('helpSections() shows each feature only when it is on', () => {
    assert.ok(terms({ clone: true, reaper: false }).includes('New project / Clone a repository'));
    assert.ok(!terms({ clone: true, reaper: false }).includes('Reaper'));
    assert.ok(terms({ clone: false, reaper: true }).includes('Reaper'));
  });

  it('helpSections() never changes the table it filters', () => {
    const before = JSON.stringify(HELP_SECTIONS);
    helpSections({ clone: false, reaper: false });
    assert.equal(JSON.stringify(HELP_SECTIONS), before);
  });
});

describe('splitInlineCode()', () => {
  it('splitInlineCode() marks the text between backticks as code', () => {
    assert.deepEqual(splitInlineCode('Run `clauster doctor` now'), [
      { text: 'Run ', code: false },
      { text: 'clauster doctor', code: true },
      { text: ' now', code: false },
    ]);
  });

  it('splitInlineCode() keeps plain text whole and drops empty pieces', () => {
    assert.deepEqual(splitInlineCode('plain'), [{ text: 'plain', code: false }]);
    assert.deepEqual(splitInlineCode('`a``b`'), [
      { text: 'a', code: true },
      { text: 'b', code: true },
    ]);
    assert.deepEqual(splitInlineCode(''), []);
  });
});
