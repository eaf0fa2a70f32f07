import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  buildEnvironmentUrl,
  CONNECT_URL_RE,
  isConnectUrl,
  listHyperlinkTargets,
  parseConnectUrl,
  stripTerminalEscapes,
} from '../../src/bridges/url.js';

const ESC = '\u001b';
const ENV = 'env_01FakeEnvAbCdEfGhJkLmNp';
const SESSION = 'session_01FakeSesAbCdEfGhJkLm';
const ENV_URL = `https://claude.ai/code?environment=${ENV}`;
const SESSION_URL = `https://claude.ai/code/${SESSION}`;

function link(url: string, text: string): string {
  return `${ESC}]8;;${url}\u0007${text}${ESC}]8;;\u0007`;
}

const PLAIN_BLOCK = [
  '·✔︎· Connected · app · main',
  '    Capacity: 0/32 · New sessions will be created in the current directory',
  '',
  `Continue coding in the Claude mobile app or ${ENV_URL}`,
  'space to show QR code',
  '',
].join('\n');

const ESCAPED_BLOCK = [
  `·|· Connecting · app · main\n${ESC}[1A${ESC}[J`,
  `${ESC}[32m·✔︎· Connected${ESC}[39m · app · main\n`,
  '    Capacity: 0/32 · New sessions will be created in the current directory\n',
  `    ${link(`${SESSION_URL}?from=cli`, 'Fix the tests')}\n\n`,
  `Continue coding in the Claude mobile app or ${link(ENV_URL, ENV_URL)}\n`,
  `${ESC}[2mspace to show QR code${ESC}[22m\n`,
].join('');

describe('parseConnectUrl()', () => {
  it('parseConnectUrl() finds the environment URL in plain output', () => {
    assert.equal(parseConnectUrl(PLAIN_BLOCK), ENV_URL);
  });

  it('parseConnectUrl() finds the environment URL through colours, redraws and OSC-8 links', () => {
    assert.equal(parseConnectUrl(ESCAPED_BLOCK), ENV_URL);
  });

  it('parseConnectUrl() prefers the visible URL over hyperlink-only session entries', () => {
    assert.notEqual(parseConnectUrl(ESCAPED_BLOCK), `${SESSION_URL}?from=cli`);
  });

  it('parseConnectUrl() takes the latest URL after a redraw (session mode attach)', () => {
    const later = `${ESCAPED_BLOCK}${ESC}[6A${ESC}[JContinue coding in the Claude mobile app or ${link(SESSION_URL, SESSION_URL)}\n`;
    assert.equal(parseConnectUrl(later), SESSION_URL);
  });

  it('parseConnectUrl() falls back to a hyperlink target when no URL is visible', () => {
    assert.equal(parseConnectUrl(`Open ${link(ENV_URL, 'here')}\n`), ENV_URL);
  });

  it('parseConnectUrl() returns null before registration and for look-alike hosts', () => {
    assert.equal(parseConnectUrl(''), null);
    assert.equal(parseConnectUrl('·|· Connecting · app · main'), null);
    assert.equal(parseConnectUrl(`https://claude.ai.evil.test/code?environment=${ENV}`), null);
    assert.equal(parseConnectUrl(`http://claude.ai/code?environment=${ENV}`), null);
    assert.equal(parseConnectUrl('https://claude.ai/code?environment=abc'), null);
  });

  it('parseConnectUrl() stops the URL at the id (no trailing text or query)', () => {
    assert.equal(parseConnectUrl(`${SESSION_URL}?from=cli\n`), SESSION_URL);
    assert.equal(parseConnectUrl(`${ENV_URL}.`), ENV_URL);
  });

  it('parseConnectUrl() finds the URL whatever escapes surround it (property)', () => {
    const noise = fc.constantFrom(
      `${ESC}[32m`,
      `${ESC}[39m`,
      `${ESC}[3A`,
      `${ESC}[J`,
      '\r',
      `${ESC}]0;title\u0007`,
      `${ESC}(B`,
      ' ',
      '\n',
    );
    fc.assert(
      fc.property(
        fc.array(noise, { maxLength: 6 }),
        fc.array(noise, { maxLength: 6 }),
        (before, afterNoise) => {
          const text = `${before.join('')}or ${ENV_URL}${afterNoise.join('')}`;
          assert.equal(parseConnectUrl(text), ENV_URL);
        },
      ),
    );
  });
});

describe('stripTerminalEscapes()', () => {
  it('stripTerminalEscapes() removes CSI, OSC, string sequences and controls but keeps text', () => {
    const input = `a${ESC}[1;32mb${ESC}[0m${ESC}]8;;https://x\u0007c${ESC}]8;;${ESC}\\d${ESC}Pq#0${ESC}\\e\u0007\r\nf\tg`;
    assert.equal(stripTerminalEscapes(input), 'abcde\n\nf\tg');
  });

  it('stripTerminalEscapes() drops an unterminated OSC at the end of a chunk', () => {
    assert.equal(stripTerminalEscapes(`ok${ESC}]8;;https://claude.ai/co`), 'ok');
  });
});

describe('listHyperlinkTargets()', () => {
  it('listHyperlinkTargets() lists OSC-8 targets and skips closing links', () => {
    assert.deepEqual(listHyperlinkTargets(ESCAPED_BLOCK), [`${SESSION_URL}?from=cli`, ENV_URL]);
  });
});

describe('buildEnvironmentUrl()', () => {
  it('buildEnvironmentUrl() builds the env URL and refuses a malformed id', () => {
    assert.equal(buildEnvironmentUrl(ENV), ENV_URL);
    assert.ok(CONNECT_URL_RE.test(ENV_URL));
    assert.equal(buildEnvironmentUrl('env_x&y=1'), null);
    assert.equal(buildEnvironmentUrl('session_abc'), null);
  });
});

describe('isConnectUrl()', () => {
  it('isConnectUrl() accepts exactly one connect URL and nothing around it', () => {
    assert.ok(isConnectUrl(ENV_URL));
    assert.ok(isConnectUrl(SESSION_URL));
    const refused = [
      '',
      `${SESSION_URL}?from=cli`,
      ` ${SESSION_URL}`,
      `${SESSION_URL}\n`,
      `${ESC}[2J${SESSION_URL}`,
      `${SESSION_URL}${ESC}]8;;https://evil.example/\u0007`,
      `http://claude.ai/code/${SESSION}`,
      `https://claude.ai.evil.example/code/${SESSION}`,
      `https://evil.example/?${ENV_URL}`,
      `https://user:pw@claude.ai/code/${SESSION}`,
    ];
    for (const text of refused) assert.equal(isConnectUrl(text), false, JSON.stringify(text));
  });
});
