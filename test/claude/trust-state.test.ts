import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  decideTrust,
  exceedsJsonDepth,
  hasTrustGrant,
  normalizeProjectKey,
  parseClaudeConfig,
  type TrustReason,
} from '../../src/claude/trust-state.js';

function grants(...dirs: string[]): Record<string, unknown> {
  return { projects: Object.fromEntries(dirs.map((d) => [d, { hasTrustDialogAccepted: true }])) };
}

describe('decideTrust()', () => {
  const cases: Array<{
    title: string;
    dir: string;
    config: Record<string, unknown> | null;
    gitRoot?: string | null;
    env?: Record<string, string>;
    trusted: boolean;
    reason: TrustReason;
    grantedBy?: string | null;
  }> = [
    {
      title: 'trusts its own grant',
      dir: '/p/app',
      config: grants('/p/app'),
      trusted: true,
      reason: 'granted',
      grantedBy: '/p/app',
    },
    {
      title: 'walks up to a granted ancestor outside git',
      dir: '/p/app',
      config: grants('/p'),
      trusted: true,
      reason: 'ancestor-granted',
      grantedBy: '/p',
    },
    {
      title: 'walks up to the root grant',
      dir: '/p/app/x',
      config: grants('/'),
      trusted: true,
      reason: 'ancestor-granted',
      grantedBy: '/',
    },
    {
      title: 'refuses a git repo covered only by a parent grant',
      dir: '/p/repo',
      gitRoot: '/p/repo',
      config: grants('/p'),
      trusted: false,
      reason: 'git-repo-needs-own-grant',
      grantedBy: '/p',
    },
    {
      title: 'trusts a git repo with its own grant',
      dir: '/p/repo',
      gitRoot: '/p/repo',
      config: grants('/p', '/p/repo'),
      trusted: true,
      reason: 'granted',
    },
    {
      title: 'trusts a subdirectory of a granted repo root',
      dir: '/p/repo/sub',
      gitRoot: '/p/repo',
      config: grants('/p/repo'),
      trusted: true,
      reason: 'ancestor-granted',
      grantedBy: '/p/repo',
    },
    {
      title: 'refuses a subdirectory of a repo whose parent is granted',
      dir: '/p/repo/sub',
      gitRoot: '/p/repo',
      config: grants('/p'),
      trusted: false,
      reason: 'git-repo-needs-own-grant',
    },
    {
      title: 'refuses without any grant',
      dir: '/p/app',
      config: grants('/q'),
      trusted: false,
      reason: 'not-granted',
      grantedBy: null,
    },
    {
      title: 'refuses hasTrustDialogAccepted false',
      dir: '/p/app',
      config: { projects: { '/p/app': { hasTrustDialogAccepted: false } } },
      trusted: false,
      reason: 'not-granted',
    },
    {
      title: 'refuses a truthy non-boolean grant',
      dir: '/p/app',
      config: { projects: { '/p/app': { hasTrustDialogAccepted: 'true' } } },
      trusted: false,
      reason: 'not-granted',
    },
    {
      title: 'refuses when projects is an array',
      dir: '/p/app',
      config: { projects: [] },
      trusted: false,
      reason: 'not-granted',
    },
    {
      title: 'refuses when the entry is not an object',
      dir: '/p/app',
      config: { projects: { '/p/app': true } },
      trusted: false,
      reason: 'not-granted',
    },
    {
      title: 'ignores inherited keys',
      dir: '/p/app',
      config: { projects: Object.create({ '/p/app': { hasTrustDialogAccepted: true } }) },
      trusted: false,
      reason: 'not-granted',
    },
    {
      title: 'refuses when the config is unreadable',
      dir: '/p/app',
      config: null,
      trusted: false,
      reason: 'config-unreadable',
    },
    {
      title: 'honours CLAUDE_CODE_SANDBOXED=1',
      dir: '/p/app',
      config: null,
      env: { CLAUDE_CODE_SANDBOXED: '1' },
      trusted: true,
      reason: 'sandboxed',
    },
    {
      title: 'honours CLAUDE_CODE_SANDBOXED=true',
      dir: '/p/repo',
      gitRoot: '/p/repo',
      config: {},
      env: { CLAUDE_CODE_SANDBOXED: 'TRUE' },
      trusted: true,
      reason: 'sandboxed',
    },
    {
      title: 'ignores CLAUDE_CODE_SANDBOXED=0',
      dir: '/p/app',
      config: {},
      env: { CLAUDE_CODE_SANDBOXED: '0' },
      trusted: false,
      reason: 'not-granted',
    },
    {
      title: 'normalises a trailing slash in the directory',
      dir: '/p/app/',
      config: grants('/p/app'),
      trusted: true,
      reason: 'granted',
    },
  ];
  for (const c of cases) {
    it(`decideTrust() ${c.title}`, () => {
      const decision = decideTrust(c.dir, c.config, {
        env: c.env ?? {},
        gitRoot: c.gitRoot ?? null,
      });
      assert.equal(decision.trusted, c.trusted);
      assert.equal(decision.reason, c.reason);
      if (c.grantedBy !== undefined) assert.equal(decision.grantedBy, c.grantedBy);
    });
  }
});

describe('parseClaudeConfig()', () => {
  const refused: Array<[string, string | Uint8Array]> = [
    ['malformed JSON', '{"projects": '],
    ['an array', '[]'],
    ['null', 'null'],
    ['a string', '"x"'],
    ['a number', '42'],
    ['empty text', ''],
    ['deep nesting', `{"a":${'['.repeat(200)}${']'.repeat(200)}}`],
    ['extreme nesting', `${'['.repeat(100_000)}${']'.repeat(100_000)}`],
    ['bad UTF-8', new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d])],
    ['a BOM', '\ufeff{}'],
  ];
  for (const [title, input] of refused) {
    it(`parseClaudeConfig() refuses ${title}`, () => {
      const result = parseClaudeConfig(input);
      assert.equal(result.ok, false);
      if (!result.ok) assert.equal(result.code, 'claude-config-invalid');
    });
  }

  it('parseClaudeConfig() accepts an object with brackets inside strings', () => {
    const result = parseClaudeConfig(Buffer.from(`{"s":"${'['.repeat(300)}\\"","n":1}`));
    assert.ok(result.ok);
  });

  it('parseClaudeConfig() treats nothing as trusted for a refused file', () => {
    const result = parseClaudeConfig('[{"projects":{"/p":{"hasTrustDialogAccepted":true}}}]');
    const config = result.ok ? result.value : null;
    assert.equal(config, null);
    assert.equal(decideTrust('/p', config, { env: {}, gitRoot: null }).trusted, false);
  });
});

/** Reference: nesting depth of a parsed value (root container = 1, scalars = 0). */
function depthOf(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  return 1 + Math.max(0, ...Object.values(value).map(depthOf));
}

describe('exceedsJsonDepth()', () => {
  it('exceedsJsonDepth() agrees with the depth of the parsed value (property)', () => {
    // Strings full of brackets, quotes and backslashes must not count as nesting.
    const tricky = fc.string({ unit: fc.constantFrom('[', ']', '{', '}', '"', '\\', 'a') });
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        tricky,
        fc.integer(),
        fc.array(tie('node'), { maxLength: 3 }),
        fc.dictionary(tricky, tie('node'), { maxKeys: 3 }),
      ),
    })).node;
    fc.assert(
      fc.property(value, fc.integer({ min: 0, max: 6 }), fc.boolean(), (v, limit, pretty) => {
        const text = JSON.stringify(v, null, pretty ? 2 : undefined);
        assert.equal(exceedsJsonDepth(text, limit), depthOf(v) > limit);
      }),
      { numRuns: 500 },
    );
  });

  it('exceedsJsonDepth() counts the root as level 1 and stops at the limit', () => {
    assert.equal(exceedsJsonDepth(`${'['.repeat(64)}${']'.repeat(64)}`, 64), false);
    assert.equal(exceedsJsonDepth(`${'['.repeat(65)}${']'.repeat(65)}`, 64), true);
    const escapes = '{"a":"\\\\","b":[[["\\"["]]]}';
    assert.equal(exceedsJsonDepth(escapes, 4), false);
    assert.equal(exceedsJsonDepth(escapes, 3), true);
  });
});

describe('hasTrustGrant()', () => {
  it('hasTrustGrant() reads only projects[dir].hasTrustDialogAccepted === true', () => {
    assert.equal(hasTrustGrant(grants('/a'), '/a'), true);
    assert.equal(hasTrustGrant(grants('/a'), '/b'), false);
    assert.equal(hasTrustGrant({}, '/a'), false);
  });
});

describe('normalizeProjectKey()', () => {
  it('normalizeProjectKey() strips trailing slashes and dot segments', () => {
    assert.equal(normalizeProjectKey('/a/b/'), '/a/b');
    assert.equal(normalizeProjectKey('/a/./b/../c'), '/a/c');
    assert.equal(normalizeProjectKey('/'), '/');
  });
});
