/**
 * A realistic bridge-log corpus for the redaction bench, built from the formats in
 * reference/claude-cli.md §5 (debug-file lines, the stdout status block that redraws with
 * cursor movement, colour and OSC-8 links, event lines, stderr warnings), with env_/session_/
 * cse_ ids, benign paths, SHAs and versions, and in ~3 % of debug lines a secret of one of the
 * shapes the redactor masks. Deterministic: a seeded PRNG; ids and secrets are obviously fake.
 */

function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const HEX = '0123456789abcdef';

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

function chars(random: () => number, alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i += 1) out += alphabet[Math.floor(random() * alphabet.length)];
  return out;
}

function fakeUuid(random: () => number): string {
  const h = (n: number): string => chars(random, HEX, n);
  return `${h(8)}-${h(4)}-4${h(3)}-9${h(3)}-${h(12)}`;
}

function stamp(ms: number): string {
  return new Date(Date.UTC(2026, 6, 1, 10) + ms).toISOString();
}

function debugLine(random: () => number, ms: number, ids: CorpusIds): string {
  const t = stamp(ms);
  const forms = [
    () =>
      `${t} [DEBUG] [bridge:api] GET .../work/poll -> 200 (no work, ${Math.floor(random() * 900)} consecutive empty polls)`,
    () =>
      `${t} [DEBUG] [bridge:api] POST .../work/work_01Fake${chars(random, BASE58, 8)}/heartbeat -> 200 lease_extended=true state=running`,
    () =>
      `${t} [DEBUG] [bridge:session] sessionId=${ids.session} pid=${40000 + Math.floor(random() * 9999)}`,
    () =>
      `${t} [DEBUG] [bridge:init] bridgeId=${ids.bridge} dir=/home/u/proj branch=main gitRepoUrl=https://github.com/acme/proj machine=devbox`,
    () =>
      `${t} [DEBUG] [bridge:work] Starting poll loop spawnMode=same-dir maxSessions=32 environmentId=${ids.env}`,
    () =>
      `${t} [DEBUG] [bridge:pointer] wrote /home/u/.claude/projects/-home-u-proj/bridge-pointer.json`,
    () =>
      `${t} [DEBUG] [bridge:session] Spawning sessionId=${ids.session} sdkUrl=wss://api.anthropic.com/v1/session_ingress/ws/${ids.session}`,
    () =>
      `${t} [INFO] Broken symlink or missing file encountered for settings.json at path: /home/u/.claude/settings.json`,
    () => `${t} [DEBUG] [bridge:work] Healthcheck received`,
    () =>
      `${t} [DEBUG] [bridge:session] sessionId=${ids.session} workId=work_01Fake exited status=completed duration=6m 28s`,
    () =>
      `${t} [WARN] Bridge env reuse mismatch: requested ${ids.env}, backend returned env_01Fake${chars(random, BASE58, 14)}.`,
    () =>
      `${t} [DEBUG] [bridge:activity] tool_use Read file_path=/home/u/proj/src/app.ts lines=1-200 sha=${chars(random, HEX, 40)}`,
    () => `${t} [DEBUG] [bridge:session] CCR v2 worker registered session=${ids.cse} state=idle`,
    () =>
      `${t} [ERROR] Error: CCR v2 worker registration failed for session ${ids.cse}: Request failed with status code 404`,
    () =>
      `${t} [DEBUG] [bridge:activity] tool_use Bash command="git log --oneline -3" cwd=/home/u/proj/packages/api-server max_tokens=4096 task-runner v1.2.3`,
  ];
  // A few lines in a hundred carry a secret (a token in a header, a URL, an env dump).
  return random() < 0.03 ? secretLine(random, t) : pick(random, forms)();
}

/** Every secret shape the redactor masks, with obviously fake values ('FAKE' padding). */
function secretLine(random: () => number, t: string): string {
  const fake = (prefix: string, length: number): string =>
    `${prefix}FAKE${chars(random, BASE58, length - 4)}`;
  const jwt = `eyJhbGciOiJIUzI1NiJ9.${fake('eyJ', 30)}.${fake('', 22)}`;
  const forms = [
    () =>
      `${t} [DEBUG] [api] headers {"Authorization":"Bearer ${jwt}","anthropic-version":"2023-06-01"}`,
    () =>
      `${t} [DEBUG] [git] remote origin https://oauth2:${fake('ghp_', 36)}@github.com/acme/proj.git (fetch)`,
    () =>
      `${t} [DEBUG] [env] GITHUB_TOKEN=${fake('github_pat_', 40)} GITLAB_TOKEN=${fake('glpat-', 20)}`,
    () =>
      `${t} [WARN] ANTHROPIC_API_KEY=${fake('sk-ant-api03-', 48)} is set but ignored in bridge mode`,
    () =>
      `${t} [DEBUG] [env] AWS_ACCESS_KEY_ID=AKIAFAKE${chars(random, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 12)} SLACK_TOKEN=${fake('xoxb-', 24)}`,
    () =>
      `${t} [DEBUG] [http] cookie: sessionKey=${fake('sk-ant-sid01-', 40)}; lastActiveOrg=${fakeUuid(random)}`,
    () =>
      `${t} [DEBUG] [config] password=${fake('', 14)} api_key: "${fake('', 24)}" token=${fake('clauster_pat_', 24)}`,
  ];
  return pick(random, forms)();
}

function stdoutLines(random: () => number, ids: CorpusIds): string[] {
  const url = `https://claude.ai/code?environment=${ids.env}`;
  const clock = `${String(10 + Math.floor(random() * 9))}:${String(10 + Math.floor(random() * 49))}:0${Math.floor(random() * 9)}`;
  const block = [
    `\x1b[4A\x1b[J\x1b[32m·✔︎·\x1b[39m \x1b[1mConnected\x1b[22m · my-repo · \x1b[2mmain\x1b[22m`,
    `    Capacity: ${Math.floor(random() * 4)}/32 · New sessions will be created in the current directory`,
    '',
    `Continue coding in the Claude mobile app or \x1b]8;;${url}\x07${url}\x1b]8;;\x07`,
    '\x1b[2mspace to show QR code · w to toggle spawn mode\x1b[22m',
  ];
  const events = [
    `[${clock}] Session started: "Session ${ids.session}" (${ids.session})`,
    `[${clock}] Session completed (6m 28s) ${ids.session}`,
    `[${clock}] Reconnected after 12s`,
    `\x1b[1A\x1b[J·${pick(random, ['|', '/', '—', '\\'])}· Connecting · my-repo · main`,
    `\x1b[1A\x1b[J\x1b[33m·/·\x1b[39m Reconnecting · retrying in 4.1s · disconnected 12s`,
  ];
  return random() < 0.4 ? block : [pick(random, events)];
}

interface CorpusIds {
  env: string;
  session: string;
  cse: string;
  bridge: string;
}

/** Builds about `targetBytes` of newline-separated bridge log text (65 % debug, 35 % stdout). */
export function buildBridgeLogCorpus(targetBytes: number, seed = 42): string[] {
  const random = createRandom(seed);
  const lines: string[] = [];
  let size = 0;
  let ms = 0;
  let ids: CorpusIds = { env: '', session: '', cse: '', bridge: '' };
  while (size < targetBytes) {
    if (lines.length % 200 === 0) {
      ids = {
        env: `env_01${chars(random, BASE58, 22)}`,
        session: `session_01${chars(random, BASE58, 22)}`,
        cse: `cse_01${chars(random, BASE58, 22)}`,
        bridge: fakeUuid(random),
      };
    }
    ms += Math.floor(random() * 2000);
    const batch = random() < 0.65 ? [debugLine(random, ms, ids)] : stdoutLines(random, ids);
    for (const line of batch) {
      lines.push(line);
      size += Buffer.byteLength(line) + 1;
    }
  }
  return lines;
}
