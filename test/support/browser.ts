// Headless Debian Chromium for browser tests (reference/stack.md §5): no Playwright browser
// download, no network, and a recorder that fails a test on any console error, uncaught page
// error or CSP violation.
import { existsSync } from 'node:fs';
import { after, before } from 'node:test';
import { type Browser, chromium, type Page } from 'playwright-core';

/** The Chromium binary: $CHROMIUM_PATH, else Debian's /usr/bin/chromium. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Launches headless Chromium; throws with the install hint when it is missing. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `${CHROMIUM_PATH} not found: run \`apt-get install -y chromium\` (.ci/run does) or set CHROMIUM_PATH`,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: FLAGS });
}

/**
 * One Chromium for the enclosing describe(): launched before its tests, closed after them.
 * Read `.browser` inside a test (it is unset until the before hook has run).
 */
export function useChromium(): { readonly browser: Browser } {
  let launched: Browser | undefined;
  before(async () => {
    launched = await launchChromium();
  });
  after(async () => {
    await launched?.close();
  });
  return {
    get browser(): Browser {
      if (launched === undefined) throw new Error('useChromium(): read .browser inside a test');
      return launched;
    },
  };
}

export interface PageProblems {
  /** Console errors, page errors and CSP violations seen so far. */
  list: string[];
  /** Stops counting console errors that match (a 401 the test provokes on purpose). */
  expect(pattern: RegExp): void;
}

/** Records every console error, uncaught exception and CSP violation on `page`. */
export async function recordPageProblems(page: Page): Promise<PageProblems> {
  const list: string[] = [];
  const expected: RegExp[] = [];
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const text = message.text();
    // The location names the resource of a "Failed to load resource" line (which request).
    const where = message.location().url;
    if (expected.some((pattern) => pattern.test(text))) return;
    list.push(where ? `console: ${text} (${where})` : `console: ${text}`);
  });
  page.on('pageerror', (error) => list.push(`pageerror: ${error.message}`));
  await page.exposeFunction('__reportCspViolation', (text: string) => list.push(`csp: ${text}`));
  // Runs in the page before its own scripts (as a string: this file is type-checked without
  // the DOM library).
  await page.addInitScript({
    content: `document.addEventListener('securitypolicyviolation', (event) => {
      window.__reportCspViolation(event.violatedDirective + ' blocked ' + (event.blockedURI || 'inline'));
    });`,
  });
  return { list, expect: (pattern) => expected.push(pattern) };
}
