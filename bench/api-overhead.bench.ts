/**
 * API overhead: authenticated `GET /api/bridges` (session cookie, then bearer token) on a real
 * clauster vs a bare Hono hello route served the same way (@hono/node-server, 127.0.0.1 port
 * 0), each server in its own process, autocannon in this one. Rounds interleave hello, cookie,
 * bearer so machine load hits all three alike; the figure is the median per-round ratio of
 * 2xx responses per second. Target (issue 10): ≥ 0.5× for both.
 */
import { rm } from 'node:fs/promises';
import autocannon from 'autocannon';
import { startReadyChild } from './ready-child.js';
import { makeBenchDir, median, QUICK, report, round } from './support.js';

const TARGET = 0.5;
const SCRIPT = 'bench/api-server-child.ts';

interface ServerInfo {
  url: string;
  headers?: Record<string, Record<string, string>>;
}

async function measure(
  url: string,
  headers: Record<string, string>,
  seconds: number,
): Promise<{ rps: number; non2xx: number; errors: number; p99: number }> {
  const result = await autocannon({
    url,
    headers,
    connections: 10,
    duration: seconds,
    timeout: 10,
  });
  return {
    rps: result['2xx'] / result.duration,
    non2xx: result.non2xx,
    errors: result.errors,
    p99: result.latency.p99,
  };
}

const seconds = QUICK ? 1 : 4;
const rounds = QUICK ? 2 : 5;
const root = await makeBenchDir('api');
const hello = await startReadyChild<ServerInfo>(['--import', 'tsx', SCRIPT, 'hello', root]);
const samples = { hello: [] as number[], cookie: [] as number[], bearer: [] as number[] };
const ratios = { cookie: [] as number[], bearer: [] as number[] };
const non2xx = { hello: 0, cookie: 0, bearer: 0 };
let errors = 0;
let p99 = { hello: 0, cookie: 0, bearer: 0 };
try {
  const clauster = await startReadyChild<ServerInfo>(['--import', 'tsx', SCRIPT, 'clauster', root]);
  try {
    const cookie = clauster.ready.headers?.cookie ?? {};
    const bearer = clauster.ready.headers?.bearer ?? {};
    // Warm-up: JIT, connection pools, the token verifier's first read of tokens.json.
    await measure(hello.ready.url, {}, 1);
    await measure(clauster.ready.url, cookie, 1);
    await measure(clauster.ready.url, bearer, 1);
    for (let i = 0; i < rounds; i += 1) {
      const h = await measure(hello.ready.url, {}, seconds);
      const c = await measure(clauster.ready.url, cookie, seconds);
      const b = await measure(clauster.ready.url, bearer, seconds);
      samples.hello.push(h.rps);
      samples.cookie.push(c.rps);
      samples.bearer.push(b.rps);
      ratios.cookie.push(c.rps / h.rps);
      ratios.bearer.push(b.rps / h.rps);
      non2xx.hello += h.non2xx;
      non2xx.cookie += c.non2xx;
      non2xx.bearer += b.non2xx;
      errors += h.errors + c.errors + b.errors;
      p99 = { hello: h.p99, cookie: c.p99, bearer: b.p99 };
    }
  } finally {
    await clauster.stop();
  }
} finally {
  await hello.stop();
  await rm(root, { recursive: true, force: true });
}
const cookieRatio = median(ratios.cookie);
const bearerRatio = median(ratios.bearer);
report({
  subject: 'api-overhead',
  measure: `authenticated GET /api/bridges (cookie, bearer) vs a bare Hono hello route, 2xx req/s, ${rounds} interleaved rounds × ${seconds} s, 10 connections`,
  figure: `cookie ${round(cookieRatio, 3)}×, bearer ${round(bearerRatio, 3)}× (${round(median(samples.cookie), 0)} / ${round(median(samples.bearer), 0)} vs ${round(median(samples.hello), 0)} req/s)`,
  target: `≥ ${TARGET}× both`,
  pass:
    cookieRatio >= TARGET &&
    bearerRatio >= TARGET &&
    non2xx.hello + non2xx.cookie + non2xx.bearer === 0 &&
    errors === 0,
  data: {
    rounds,
    seconds,
    hello_rps_median: round(median(samples.hello), 0),
    cookie_rps_median: round(median(samples.cookie), 0),
    bearer_rps_median: round(median(samples.bearer), 0),
    cookie_ratio_median: round(cookieRatio, 3),
    bearer_ratio_median: round(bearerRatio, 3),
    cookie_ratio_min: round(Math.min(...ratios.cookie), 3),
    bearer_ratio_min: round(Math.min(...ratios.bearer), 3),
    last_p99_ms_hello: p99.hello,
    last_p99_ms_cookie: p99.cookie,
    last_p99_ms_bearer: p99.bearer,
    non2xx_hello: non2xx.hello,
    non2xx_cookie: non2xx.cookie,
    non2xx_bearer: non2xx.bearer,
    errors,
  },
});
