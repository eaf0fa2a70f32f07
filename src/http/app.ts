/**
 * The Hono app: error mapping, JSON 404, middleware and the route modules. Built by
 * server.ts through buildApp() (which also wires @hono/node-ws); route tests call
 * createApp(ctx).request(path, init) with no socket.
 */
import { createNodeWebSocket, type NodeWebSocket } from '@hono/node-ws';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { getPath } from 'hono/utils/url';
import { servesHttps } from '../config/tls-rules.js';
import { eventsWsRoutes } from '../ws/events.js';
import { logsWsRoutes } from '../ws/logs.js';
import { apiV1Guard, resolveRoutingPath } from './api-alias.js';
import { lazyAuthServices } from './auth-services.js';
import type { AppContext } from './context.js';
import { HttpError, toErrorResponse } from './errors.js';
import { authenticate } from './middleware/auth.js';
import { bodyLimits } from './middleware/body-limit.js';
import { clientContext } from './middleware/client-context.js';
import { originGate } from './middleware/origin-gate.js';
import { requestMetrics } from './middleware/request-metrics.js';
import { securityHeaders } from './middleware/security-headers.js';
import { wsAdmission } from './middleware/ws-admission.js';
import { authRoutes } from './routes/auth.js';
import { bridgeMetricsRoutes } from './routes/bridge-metrics.js';
import { bridgesRoutes } from './routes/bridges.js';
import { claudeMdRoutes } from './routes/claude-md.js';
import { cloneRoutes } from './routes/clone.js';
import { configRoutes } from './routes/config.js';
import { doctorRoutes } from './routes/doctor.js';
import { environmentsRoutes } from './routes/environments.js';
import { healthRoutes } from './routes/health.js';
import { metricsRoutes } from './routes/metrics.js';
import { openapiRoutes } from './routes/openapi.js';
import { projectCreateRoutes } from './routes/project-create.js';
import { projectsRoutes } from './routes/projects.js';
import { restartRoutes } from './routes/restart.js';
import { transcriptsRoutes } from './routes/transcripts.js';
import { uiRoutes } from './routes/ui.js';
import { usageRoutes } from './routes/usage.js';

/** The `upgradeWebSocket` helper handed to WS route modules. */
export type UpgradeWebSocket = NodeWebSocket['upgradeWebSocket'];

export interface BuiltApp {
  app: Hono;
  /** Call once per listening http server, after it was created. */
  injectWebSocket: NodeWebSocket['injectWebSocket'];
  wss: NodeWebSocket['wss'];
}

const CODE_BY_HONO_STATUS: Record<number, string> = {
  400: 'bad-request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
};

function fromHonoException(error: HTTPException): HttpError {
  const code = CODE_BY_HONO_STATUS[error.status] ?? 'internal';
  return new HttpError(code, error.message || code, { status: error.status, cause: error });
}

/** Builds the app and its WebSocket wiring (maxPayload 1 MiB). */
export function buildApp(ctx: AppContext): BuiltApp {
  // Public /api/v1/… requests are routed as their /api twins (src/http/api-alias.ts).
  const app = new Hono({ getPath: resolveRoutingPath });
  const nodeWs = createNodeWebSocket({ app });
  nodeWs.wss.options.maxPayload = 1 << 20;

  app.onError((error, c) => {
    const mapped = error instanceof HTTPException ? fromHonoException(error) : error;
    const response = toErrorResponse(mapped);
    const deliberate = mapped instanceof HttpError && mapped.expected;
    if (response.status >= 500 && !deliberate) {
      // The path as requested: getPath ignores the /api/v1 → /api routing rewrite.
      ctx.logger.error('request failed', { method: c.req.method, path: getPath(c.req.raw), error });
    }
    return c.json(response.body, response.status as ContentfulStatusCode, response.headers);
  });
  app.notFound((c) => c.json({ error: { code: 'not-found', message: 'no such route' } }, 404));

  // ── Middleware: mount global middleware here, in order (headers, host, origin, auth) ──
  const getAuthServices = lazyAuthServices(ctx);
  const gateOptions = { config: ctx.config, clock: ctx.deps.clock, logger: ctx.logger };
  app.use(requestMetrics(() => ctx.metrics));
  app.use(securityHeaders());
  app.use(clientContext(getAuthServices, gateOptions));
  const https = servesHttps(ctx.config);
  app.use(originGate(getAuthServices, { configuredPort: ctx.config.port, https }));
  app.use(authenticate(getAuthServices, gateOptions));
  app.use(bodyLimits());
  // Only rewritten requests need it, and they all route as /api/….
  app.use('/api/*', apiV1Guard());
  app.use('/ws/*', wsAdmission(getAuthServices));

  // ── Route modules: one line each `app.route('/', xRoutes(ctx))`; WS modules also get
  //    `nodeWs.upgradeWebSocket` as their second argument ──
  app.route('/', healthRoutes(ctx));
  app.route('/', metricsRoutes(ctx));
  app.route('/', authRoutes(ctx, getAuthServices));
  app.route('/', doctorRoutes(ctx));
  app.route('/', configRoutes(ctx));
  app.route('/', restartRoutes(ctx));
  app.route('/', environmentsRoutes(ctx));
  app.route('/', cloneRoutes(ctx));
  app.route('/', projectsRoutes(ctx));
  app.route('/', usageRoutes(ctx));
  app.route('/', transcriptsRoutes(ctx));
  app.route('/', projectCreateRoutes(ctx));
  app.route('/', claudeMdRoutes(ctx));
  app.route('/', bridgesRoutes(ctx));
  app.route('/', bridgeMetricsRoutes(ctx));
  app.route('/', openapiRoutes(ctx));
  app.route('/', uiRoutes(ctx));
  app.route('/', logsWsRoutes(ctx, nodeWs.upgradeWebSocket));
  app.route('/', eventsWsRoutes(ctx, nodeWs.upgradeWebSocket));
  // ── end of route modules ──

  return { app, injectWebSocket: nodeWs.injectWebSocket, wss: nodeWs.wss };
}

/** The Hono app alone, for route tests (`createApp(ctx).request('/healthz')`). */
export function createApp(ctx: AppContext): Hono {
  return buildApp(ctx).app;
}
