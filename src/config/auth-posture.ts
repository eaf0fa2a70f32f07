/**
 * The auth posture the bind policy judges: the `auth` config plus how many API tokens
 * `clauster api-token issue` has minted (design §2 counts an API token as a working
 * credential). Invariant: an unreadable tokens.json counts as no tokens (fail closed).
 */
import { readTokenDocument } from '../auth/token-store.js';
import type { Fs } from '../system/ports.js';
import type { AuthPosture } from './bind-policy.js';

/** Reads the posture for `decideBind()`; the server, check-config and doctor all use this. */
export async function readAuthPosture(
  auth: Omit<AuthPosture, 'issued_api_tokens'>,
  stateDir: string,
  deps: { fs: Fs },
): Promise<AuthPosture> {
  let issued = 0;
  try {
    const doc = await readTokenDocument(stateDir, deps);
    issued = doc.tokens.filter((token) => token.scopes.includes('api')).length;
  } catch {
    issued = 0;
  }
  return { ...auth, issued_api_tokens: issued };
}
