/**
 * Refusals that show a value (a project name, a start option, an Origin header) never show a
 * piece of a secret: not after a control character (C1 `\x9d` used to swallow the token from
 * the redactor's view and let the escaped form through), and not when the value is long
 * (masked before it is cut, never half a token left below its rule's length). Fake tokens.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type LaunchContext, resolveLaunchOptions } from '../../src/bridges/launch-options.js';
import { describeOriginRefusal } from '../../src/http/middleware/origin-refusal.js';
import { checkProjectName } from '../../src/projects/names.js';
import { buildOriginPolicy } from '../../src/security/origin.js';
import { redactText } from '../../src/security/redact.js';
import { leakedPiece } from '../support/fake-secrets.js';
import { TEST_LAUNCH_DEFAULTS } from '../support/launch-defaults.js';

const GHP_BODY = 'A1b2C3d4E5f6G7h8J9k0L1m2N3p4Q5r6S7t8';
const SK_BODY = 'ant-api03-Zx8Cv7Bn6Mq5Wd4Fr3Gt2Hy1Ju9Ki8Lo7Pa6Sd5';
const CONTEXT: LaunchContext = {
  defaults: TEST_LAUNCH_DEFAULTS,
  project: { git: false, allow_bypass_permissions: false },
  bypassAllowed: true,
};

// The refusal detail as the client would see it (the central redactor runs on it too).
function detailOf(result: { ok: boolean; detail?: string }): string {
  assert.equal(result.ok, false);
  return redactText(String(result.detail));
}

function assertNoPiece(shown: string, secret: string): void {
  assert.equal(leakedPiece(secret, shown), undefined, shown);
}

const PREFIXES = ['\x9d', '\x9e', '\x90', '\x00', '\n', '\u200b', '\u202e', 'x\x1bP'];

describe('values shown in refusals and secrets', () => {
  it('a start name or confirm shows no piece of a token after a control character', () => {
    for (const pre of PREFIXES) {
      const name = detailOf(resolveLaunchOptions({ name: `${pre}ghp_${GHP_BODY}` }, CONTEXT));
      assert.match(name, /^name: .*ghp_<redacted>"$/, JSON.stringify(pre));
      assertNoPiece(name, GHP_BODY);
      const confirm = detailOf(resolveLaunchOptions({ confirm: `${pre}sk-${SK_BODY}` }, CONTEXT));
      assert.match(confirm, /^confirm: .*sk-<redacted>"$/, JSON.stringify(pre));
      assertNoPiece(confirm, SK_BODY);
    }
  });

  it('a project name shows no piece of a token after a control character', () => {
    for (const pre of PREFIXES) {
      const detail = detailOf(checkProjectName(`${pre}env_${GHP_BODY}`));
      assert.match(detail, /^project name ".*env_<redacted>": /, JSON.stringify(pre));
      assertNoPiece(detail, GHP_BODY);
    }
  });

  it('an Origin header shows no piece of a token after a control character', () => {
    const built = buildOriginPolicy({ allowedOrigins: ['https://dash.example'] });
    assert.ok(built.ok);
    for (const pre of PREFIXES) {
      const refused = {
        code: 'origin-not-allowed' as const,
        origin: `${pre}session_${GHP_BODY}`,
        secFetchSite: null,
        isUpgrade: false,
        hasProxyIdentity: false,
        requestOrigin: null,
      };
      const message = redactText(describeOriginRefusal(refused, built.value));
      assert.match(message, /session_<redacted>" is not/, JSON.stringify(pre));
      assertNoPiece(message, GHP_BODY);
    }
  });

  it('a long start option or project name is masked before it is cut', () => {
    for (const lead of [40, 45, 47]) {
      const value = `${'x'.repeat(lead)} ghp_${GHP_BODY}`;
      const name = detailOf(resolveLaunchOptions({ name: value }, CONTEXT));
      assertNoPiece(name, GHP_BODY);
      assert.match(name, / ghp_<redacted>"$/);
      const mode = detailOf(
        resolveLaunchOptions({ spawn_mode: `${'y'.repeat(lead)}${value}` }, CONTEXT),
      );
      assertNoPiece(mode, GHP_BODY);
      assert.match(mode, /^spawn_mode: .*, got "y+x+[^"]{0,16}…"$/);
    }
    for (const lead of [60, 62, 67]) {
      const detail = detailOf(checkProjectName(`${'x'.repeat(lead)} ghp_${GHP_BODY}`));
      assertNoPiece(detail, GHP_BODY);
      assert.match(detail, /^project name "x+ ghp_<redacted>": expected 1–64/);
    }
    const long = detailOf(checkProjectName(`${'z'.repeat(200)} ghp_${GHP_BODY}`));
    assert.match(long, /^project name "z{81}…": expected 1–64/);
  });
});
