/**
 * Per-request values set by the security middleware and read by routes, typed once for
 * every `c.get()` in the app (Hono's ContextVariableMap).
 */
import type { TokenScope } from '../auth/api-tokens.js';
import type { WsTicket } from '../ws/registry.js';

/** Who the request is, after the auth middleware ran. */
export type Identity =
  /** auth is off (loopback, or the explicit network opt-out): everyone is the operator. */
  | { kind: 'anonymous'; user: null }
  /** `issuedAtMs`: the password login (renewal never moves it); `expiresAtMs`: its hard end. */
  | {
      kind: 'session';
      user: string;
      sid: string;
      epoch: number;
      issuedAtMs: number;
      expiresAtMs: number;
    }
  | { kind: 'token'; user: string; tokenId: string; scopes: TokenScope[] }
  | { kind: 'proxy'; user: string };

declare module 'hono' {
  interface ContextVariableMap {
    /** Fresh per response; put it in `nonce="…"` of every <script>/<style>/<link>. */
    cspNonce: string;
    /** null = not authenticated (only public paths get this far). */
    identity: Identity | null;
    /** The client address (peer, or X-Forwarded-For from a trusted proxy), for throttling. */
    clientAddress: string | null;
    /** True when the client reached us over https (natively or via a trusted proxy). */
    secureRequest: boolean;
    /** Set on every admitted /ws/* handshake; see src/ws/registry.ts. */
    wsTicket: WsTicket;
  }
}
