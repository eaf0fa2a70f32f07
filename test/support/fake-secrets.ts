/**
 * Obviously fake secrets and ids in every shape the redactor masks, built at runtime so no
 * fixture looks like a real credential. `hidden` is what must never appear in redacted output;
 * `expected` is the exact redaction of `text` on its own.
 */

export interface FakeSecret {
  shape: string;
  text: string;
  hidden: string;
  expected: string;
}

/** `count` characters cycling through `alphabet` from `offset`. */
export function fill(alphabet: string, count: number, offset = 0): string {
  let out = '';
  for (let i = 0; i < count; i += 1) out += alphabet[(i + offset) % alphabet.length];
  return out;
}

const B58 = 'FAKE123456789abcdefghijkmnopqrstuvwxyzHJKLMNPQRSTUVWXYZ';
const B62 = `FAKE${fill('abcdefghijklmnopqrstuvwxyz0123456789', 36)}`;

function prefixed(shape: string, prefix: string, body: string): FakeSecret {
  return { shape, text: `${prefix}${body}`, hidden: body, expected: `${prefix}<redacted>` };
}

function whole(shape: string, text: string): FakeSecret {
  return { shape, text, hidden: text, expected: '<redacted>' };
}

/** One fake value per masked shape. */
export function buildFakeSecrets(): FakeSecret[] {
  const jwt = `eyJhbGciOiJub25lIn0.eyJzdWIiOiJGQUtFIn0.${fill(B62, 20)}`;
  return [
    prefixed('env id', 'env_', `01${fill(B58, 22)}`),
    prefixed('session id', 'session_', `01${fill(B58, 22, 3)}`),
    prefixed('cse id', 'cse_', `01${fill(B58, 22, 5)}`),
    prefixed('short session id', 'session_', 'FAKE01'),
    whole('uuid lower', '3f0c2a9e-6b1d-4c8e-9f7a-1d2e3f4a5b6c'),
    whole('uuid upper', '3F0C2A9E-6B1D-4C8E-9F7A-1D2E3F4A5B6C'),
    prefixed('github classic', 'ghp_', fill(B62, 36)),
    prefixed('github oauth', 'gho_', fill(B62, 36, 1)),
    prefixed('github user-to-server', 'ghu_', fill(B62, 36, 2)),
    prefixed('github server-to-server', 'ghs_', fill(B62, 36, 3)),
    prefixed('github refresh', 'ghr_', fill(B62, 36, 4)),
    prefixed('github fine-grained', 'github_pat_', `11FAKE_${fill(B62, 75)}`),
    prefixed('gitlab', 'glpat-', fill(`${B62}_-`, 20)),
    whole('aws AKIA', `AKIAFAKE${fill('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 12)}`),
    whole('aws ASIA', `ASIAFAKE${fill('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 12, 5)}`),
    whole('aws ABIA', `ABIAFAKE${fill('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 12, 7)}`),
    whole('aws ACCA', `ACCAFAKE${fill('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 12, 9)}`),
    prefixed('openai sk', 'sk-', fill(B62, 48)),
    prefixed('openai project', 'sk-', `proj-${fill(B62, 40)}T3BlbkFJ${fill(B62, 20)}`),
    prefixed('anthropic', 'sk-', `ant-api03-${fill(`${B62}_-`, 93)}AA`),
    prefixed('slack bot', 'xoxb-', `1234567890-1234567890123-${fill(B62, 24)}`),
    prefixed('slack user', 'xoxp-', `1234567890-1234567890-1234567890-${fill(B62, 32)}`),
    prefixed('slack app', 'xoxa-', `2-${fill(B62, 20)}`),
    prefixed('slack refresh', 'xoxr-', fill(B62, 30)),
    prefixed('slack config', 'xoxe-', `1-${fill(B62, 30)}`),
    prefixed('slack legacy', 'xoxs-', fill(B62, 30)),
    prefixed('clauster token', 'clauster_pat_', fill(B62, 43)),
    whole('jwt', jwt),
    prefixed('authorization bearer', 'Authorization: Bearer ', `FAKE.${fill(B62, 30)}`),
    prefixed('authorization basic', 'authorization:basic ', 'RkFLRTpGQUtFRkFLRQ=='),
    prefixed('authorization spacing', 'AUTHORIZATION :  Bearer   ', fill(B62, 24)),
    prefixed('bearer alone', 'Bearer ', fill(B62, 32)),
    {
      shape: 'url password',
      text: 'https://fakeuser:FAKEpass123@example.invalid/repo.git',
      hidden: 'FAKEpass123',
      expected: 'https://fakeuser:<redacted>@example.invalid/repo.git',
    },
    prefixed('token key', 'ACCESS_TOKEN=', fill(B62, 20)),
    prefixed('password key', 'password: ', 'FAKEhunter22'),
  ];
}

/** The first piece of `hidden` (every 6-character window, or all of it when shorter) that is
 * still visible in `shown`, or undefined when none is; the `<redacted>` marker never counts. */
export function leakedPiece(hidden: string, shown: string): string | undefined {
  const visible = shown.replaceAll('<redacted>', '\u0000');
  const size = Math.min(6, hidden.length);
  for (let i = 0; i + size <= hidden.length; i += 1) {
    const piece = hidden.slice(i, i + size);
    if (visible.includes(piece)) return piece;
  }
  return undefined;
}
