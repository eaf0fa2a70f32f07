/**
 * POST /login, POST /logout, GET /api/session (BRIEF API contract). Invariants: with
 * `ui.enabled: false` login and logout answer 404 like any unknown route (API tokens remain
 * the way in); `instance_name` and the notification switches go only to an authenticated
 * caller; the throttle is consulted before the password is verified (a right password gets
 * 429 too while throttled); a password over 1024 bytes is refused before hashing; every login
 * issues a fresh session id; logout bumps the persistent epoch (logs out every session and
 * closes their sockets); no response or log line carries the password or the cookie.
 */
import { type Context, Hono } from 'hono';
import { ADMIN_USER, isPasswordLengthAcceptable } from '../../auth/password.js';
import type { Config } from '../../config/schema.js';
import type { AuthServices } from '../auth-services.js';
import type { AppContext } from '../context.js';
import { HttpError } from '../errors.js';
import { buildThrottledError } from '../middleware/auth.js';
import type { Identity } from '../request-vars.js';
import { clearSessionCookie, writeSessionCookie } from '../session-cookie.js';

type AuthMode = 'off' | 'password' | 'proxy' | 'token';

async function readCredentials(c: Context): Promise<{ password: string; user: string }> {
  const type = c.req.header('content-type') ?? '';
  let fields: Record<string, unknown>;
  if (/^application\/json\s*(;|$)/i.test(type)) {
    try {
      fields = (await c.req.json()) as Record<string, unknown>;
    } catch {
      throw new HttpError('invalid-json', 'body: expected a JSON object');
    }
  } else if (/^application\/x-www-form-urlencoded\s*(;|$)/i.test(type)) {
    fields = await c.req.parseBody();
  } else {
    throw new HttpError('unsupported-media-type', 'body: expected JSON or a form');
  }
  if (fields === null || typeof fields !== 'object' || typeof fields.password !== 'string') {
    throw new HttpError('bad-request', 'password: expected a string');
  }
  const user = fields.username ?? fields.user ?? ADMIN_USER;
  return { password: fields.password, user: typeof user === 'string' ? user : '' };
}

function describeMode(services: AuthServices, identity: Identity | null): AuthMode {
  if (!services.enforced) return 'off';
  if (identity?.kind === 'session') return 'password';
  if (identity?.kind === 'token' || identity?.kind === 'proxy') return identity.kind;
  if (services.proxy) return 'proxy';
  return services.passwordLogin ? 'password' : 'token';
}

/** The `notifications` section as the UI reads it (GET /api/session). */
function describeNotifications(config: Config): {
  browser: boolean;
  on: { crash: boolean; ready: boolean; stop: boolean };
} {
  const n = config.notifications;
  return {
    browser: n.browser_enabled,
    on: { crash: n.notify_on_crash, ready: n.notify_on_ready, stop: n.notify_on_stop },
  };
}

/** The UI kill switch: the browser login surface is invisible, as the Python original's was. */
function refuseWithoutUi(ctx: AppContext): void {
  if (!ctx.config.ui.enabled) throw new HttpError('not-found', 'no such route');
}

/** Routes of the auth resource; `getServices` is the app's shared AuthServices. */
export function authRoutes(ctx: AppContext, getServices: () => Promise<AuthServices>): Hono {
  const routes = new Hono();

  routes.post('/login', async (c) => {
    refuseWithoutUi(ctx);
    const services = await getServices();
    if (!services.passwordLogin || services.sessions === null) {
      throw new HttpError('feature-disabled', 'password login is not enabled');
    }
    const { password, user } = await readCredentials(c);
    if (!isPasswordLengthAcceptable(password)) {
      throw new HttpError('password-too-long', 'password: expected at most 1024 bytes');
    }
    const identity = c.get('identity');
    const key =
      identity?.kind === 'proxy'
        ? `user:${identity.user}`
        : `ip:${c.get('clientAddress') ?? 'unknown'}`;
    const attempt = services.loginThrottle.attempt(key);
    if (!attempt.allowed) {
      ctx.metrics?.countLogin('throttled');
      void ctx.audit.append({
        action: 'login',
        outcome: 'throttled',
        client: c.get('clientAddress'),
      });
      throw buildThrottledError(attempt.retryAfterSeconds);
    }
    const outcome = await services.passwords.verify(password, ctx.config.auth.password_hash, user);
    if (outcome !== 'match') {
      ctx.metrics?.countLogin('failure');
      void ctx.audit.append({ action: 'login', outcome: 'failed', client: c.get('clientAddress') });
      throw new HttpError('bad-credentials', 'wrong user name or password');
    }
    attempt.succeeded();
    ctx.metrics?.countLogin('success');
    const issued = await services.sessions.issue(ADMIN_USER, services.epoch.current());
    writeSessionCookie(c, ctx.config, services, {
      seal: issued.seal,
      maxAgeSeconds: services.sessions.remainingSeconds(issued.payload),
    });
    void ctx.audit.append({ action: 'login', outcome: 'ok', client: c.get('clientAddress') });
    return c.json({ ok: true });
  });

  routes.post('/logout', async (c) => {
    refuseWithoutUi(ctx);
    const services = await getServices();
    if (!services.enforced)
      throw new HttpError('feature-disabled', 'auth is off: nothing to log out');
    const epoch = await services.epoch.bump();
    clearSessionCookie(c, ctx.config, services);
    void ctx.audit.append({ action: 'logout', epoch, by: c.get('identity')?.kind ?? null });
    return c.json({ ok: true });
  });

  routes.get('/api/session', async (c) => {
    const services = await getServices();
    const identity = c.get('identity') ?? null;
    return c.json({
      authenticated: identity !== null,
      user: identity?.user ?? null,
      auth: { mode: describeMode(services, identity), password_login: services.passwordLogin },
      features: { clone: ctx.config.clone.enabled, reaper: ctx.config.reaper.ui_enabled },
      // `clone.allowed_schemes`, which the clone dialog names (authenticated callers only).
      clone_schemes: identity === null ? null : ctx.config.clone.allowed_schemes,
      // The operator's label for this dashboard (config `instance_name`), never to a stranger.
      instance_name: identity === null ? null : ctx.config.instance_name,
      // Which bridge events the dashboard may turn into browser notifications.
      notifications: identity === null ? null : describeNotifications(ctx.config),
    });
  });

  return routes;
}
