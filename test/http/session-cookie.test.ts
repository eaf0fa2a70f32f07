import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { findCookieValue } from '../../src/http/session-cookie.js';

const NAME = 'clauster_session_0badc0de';
const SEAL = `Fe26.2*1*${'ab'.repeat(32)}*FAKEiv*FAKEdata*1700000000000*${'cd'.repeat(32)}*FAKEmac~2`;

/** hono's own parser, the reference for well-formed headers. */
async function honoCookie(header: string, name: string): Promise<string | undefined> {
  const app = new Hono();
  app.get('/', (c) => c.json({ value: getCookie(c, name) ?? null }));
  const response = await app.request('/', { headers: { cookie: header } });
  const body = (await response.json()) as { value: string | null };
  return body.value ?? undefined;
}

describe('findCookieValue()', () => {
  const cases: Array<[string, string, string | undefined]> = [
    ['only cookie', `${NAME}=${SEAL}`, SEAL],
    ['among others', `a=1; ${NAME}=${SEAL}; b=2`, SEAL],
    ['spaces and tabs around', `a=1;\t ${NAME} = ${SEAL} ;b=2`, SEAL],
    ['quoted value', `${NAME}="${SEAL}"`, SEAL],
    ['first of duplicates', `${NAME}=first; ${NAME}=second`, 'first'],
    ['a longer name is not ours', `x${NAME}=${SEAL}; ${NAME}x=${SEAL}`, undefined],
    ['name only inside a value', `other=${NAME}`, undefined],
    ['absent', 'a=1; b=2', undefined],
    ['empty header', '', undefined],
    ['no value', `${NAME}`, undefined],
    ['empty value', `${NAME}=; a=1`, ''],
  ];
  for (const [title, header, expected] of cases) {
    it(`findCookieValue() handles ${title}`, () => {
      assert.equal(findCookieValue(header, NAME), expected);
    });
  }

  it("findCookieValue() agrees with hono's getCookie() on well-formed headers (property)", async () => {
    const token = fc.stringMatching(/^[A-Za-z0-9_.~*-]{1,12}$/);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(token, token), { maxLength: 5 }),
        fc.option(fc.stringMatching(/^[A-Za-z0-9_.~*-]{1,40}$/), { nil: undefined }),
        fc.nat(5),
        async (pairs, ours, at) => {
          const all = pairs.map(([k, v]) => `${k}=${v}`);
          if (ours !== undefined) all.splice(Math.min(at, all.length), 0, `${NAME}=${ours}`);
          const header = all.join('; ');
          assert.equal(findCookieValue(header, NAME), await honoCookie(header, NAME));
        },
      ),
      { numRuns: 200 },
    );
  });
});
