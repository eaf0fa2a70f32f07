/**
 * The step-up of sensitive dashboard actions (saving settings, restarting clauster).
 * Invariant: a cookie session passes only when its password login (not a renewal of the
 * cookie) is at most 10 minutes old. API tokens, reverse-proxy users and auth-off dashboards
 * have no password to re-enter, so they pass as for every other /api route.
 */
import { HttpError } from './errors.js';
import type { Identity } from './request-vars.js';

/** How recent a password login must be for a sensitive action. */
export const REAUTH_WINDOW_MS = 10 * 60 * 1000;

/** Throws 403 `reauth-required` ("enter the password again to <action>") for a stale login. */
export function requireRecentLogin(identity: Identity | null, nowMs: number, action: string): void {
  if (identity?.kind !== 'session') return;
  if (nowMs - identity.issuedAtMs > REAUTH_WINDOW_MS) {
    throw new HttpError('reauth-required', `enter the password again to ${action}`);
  }
}
