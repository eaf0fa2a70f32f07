/**
 * The auth and request-security services of one app: built once from the config (eagerly
 * by server.ts so a corrupt epoch or unreadable secret stops the start; lazily on the
 * first request in route tests that do not build them).
 */
import { createTokenVerifier, type TokenVerifier } from '../auth/api-tokens.js';
import { createEpochStore, type EpochStore } from '../auth/epoch.js';
import {
  BEARER_THROTTLE_DEFAULTS,
  createLoginThrottle,
  type LoginThrottle,
} from '../auth/login-throttle.js';
import { createPasswordService, type PasswordService } from '../auth/password.js';
import {
  buildSessionCookieName,
  createSessionCodec,
  resolveSessionSecret,
  type SessionCodec,
} from '../auth/sessions.js';
import { isLoopbackName } from '../config/bind-policy.js';
import type { Config } from '../config/schema.js';
import { buildOriginPolicy, type OriginPolicy } from '../security/origin.js';
import {
  createReplayCache,
  type ProxyAuthOptions,
  parseTrustedPeers,
  type ReplayCache,
  type TrustedPeers,
} from '../security/proxy-trust.js';
import { createRateLimiter, type RateLimiter } from '../security/rate-limit.js';
import type { Deps, Logger } from '../system/ports.js';
import { createWsRegistry, type WsRegistry } from '../ws/registry.js';

/** The part of AppContext the services are built from (no import of context.ts: no cycle). */
export interface AuthServicesSource {
  config: Config;
  deps: Deps;
  logger: Logger;
  stateDir: string;
  authServices?: AuthServices;
}

export interface AuthServices {
  /** auth.enabled: credentials are required outside the public paths. */
  enforced: boolean;
  /** Password login is configured (auth on, password_required, a hash). */
  passwordLogin: boolean;
  epoch: EpochStore;
  passwords: PasswordService;
  /** Cookie sealing; null when auth is off (no cookie is ever set then). */
  sessions: SessionCodec | null;
  loginThrottle: LoginThrottle;
  /** Separate from logins, so a broken script cannot lock the operator out. */
  bearerThrottle: LoginThrottle;
  requestRate: RateLimiter;
  tokens: TokenVerifier;
  /** trusted_ips: whose X-Forwarded-Proto/-For and identity headers count. */
  trusted: TrustedPeers;
  /** Identity-asserting proxy settings; null unless auth.reverse_proxy.enabled. */
  proxy: ProxyAuthOptions | null;
  replay: ReplayCache;
  /** auth.allowed_origins (loopback origins are added per request from the local port). */
  origins: OriginPolicy;
  loopbackBind: boolean;
  wsRegistry: WsRegistry;
  cookieName(secure: boolean): string;
}

/** Raised when a security setting cannot be turned into a policy (config should catch it). */
export class AuthSetupError extends Error {
  readonly code = 'auth-setup' as const;
  constructor(message: string) {
    super(message);
    this.name = 'AuthSetupError';
  }
}

/**
 * Builds every auth service for `ctx` (reads session.epoch; creates session.secret if needed).
 * `wsTokenCheckMs` overrides how often open token sockets are re-checked (tests).
 */
export async function createAuthServices(
  ctx: AuthServicesSource,
  options: { wsTokenCheckMs?: number } = {},
): Promise<AuthServices> {
  const { config, deps, stateDir } = ctx;
  const auth = config.auth;
  const origins = buildOriginPolicy({ allowedOrigins: auth.allowed_origins });
  if (!origins.ok) throw new AuthSetupError(origins.detail);
  const trusted = parseTrustedPeers(auth.reverse_proxy.trusted_ips);
  if (!trusted.ok) throw new AuthSetupError(trusted.detail);
  const enforced = auth.enabled;
  const sessions = enforced
    ? createSessionCodec(
        {
          secret: await resolveSessionSecret(
            stateDir,
            { secretFile: auth.session_secret_file },
            deps,
          ),
          maxAgeSeconds: auth.session_max_age_seconds,
          idleSeconds: auth.session_idle_seconds,
        },
        deps,
      )
    : null;
  const proxy = auth.reverse_proxy;
  const epoch = await createEpochStore(stateDir, deps, {
    // First start, or the file was lost: any cookie from before is refused from now on. One
    // calm line for both (a first start is no fault; a lost file needs no alarm either).
    onStarted: () =>
      ctx.logger.info('no session.epoch (first start, or it was lost): started a new one', {
        effect: 'session cookies issued before it are refused',
      }),
  });
  const tokens = createTokenVerifier(
    stateDir,
    {
      legacyHash: auth.api_token_hash,
      metricsHash: config.observability.metrics_token_hash,
      onError: (error) => ctx.logger.warn('api token store problem', { error }),
    },
    deps,
  );
  const wsRegistry = createWsRegistry({
    now: () => deps.clock.now(),
    // A socket needs the api scope, like every /ws request: revoked or narrowed → closed.
    checkToken: async (id) => (await tokens.lookup(id))?.scopes.includes('api') ?? false,
    ...(options.wsTokenCheckMs === undefined ? {} : { tokenCheckMs: options.wsTokenCheckMs }),
  });
  // Logout anywhere closes the sockets of every older session within seconds (R-WS-3).
  epoch.onBump((next) => wsRegistry.revokeSessionsBefore(next));
  // Two possible names, each read several times per request: hash the state_dir once.
  const cookieNames = {
    secure: buildSessionCookieName(stateDir, true),
    plain: buildSessionCookieName(stateDir, false),
  };
  return {
    enforced,
    passwordLogin: enforced && auth.password_required && auth.password_hash !== null,
    epoch,
    passwords: createPasswordService(),
    sessions,
    loginThrottle: createLoginThrottle({}, deps),
    bearerThrottle: createLoginThrottle(BEARER_THROTTLE_DEFAULTS, deps),
    requestRate: createRateLimiter({}, deps),
    tokens,
    trusted: trusted.value,
    proxy:
      enforced && proxy.enabled
        ? {
            trusted: trusted.value,
            userHeader: proxy.user_header,
            secretHeader: proxy.shared_secret_header,
            secret: proxy.shared_secret,
            windowSeconds: proxy.hmac_window_seconds,
            requireHmac: proxy.require_hmac,
          }
        : null,
    replay: createReplayCache(deps),
    origins: origins.value,
    loopbackBind: isLoopbackName(config.host),
    wsRegistry,
    cookieName: (secure) => (secure ? cookieNames.secure : cookieNames.plain),
  };
}

/** Returns ctx.authServices, or creates them once for this app on first use. */
export function lazyAuthServices(ctx: AuthServicesSource): () => Promise<AuthServices> {
  let pending: Promise<AuthServices> | undefined;
  return () => {
    if (ctx.authServices) return Promise.resolve(ctx.authServices);
    pending ??= createAuthServices(ctx);
    return pending;
  };
}
