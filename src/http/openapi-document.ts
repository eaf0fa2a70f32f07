/**
 * The OpenAPI 3.1 document of the public API, derived from PUBLIC_ROUTES (never a copy):
 * one operation per route, path parameters from the `:param` segments, request and success
 * bodies from the routes' zod schemas (src/http/openapi-schemas.ts). The one server is relative
 * (`<root_path>/api/v1`), so the document is right behind any host or proxy.
 */
import { BEARER_THROTTLE_DEFAULTS as BEARER } from '../auth/login-throttle.js';
import { REQUEST_RATE_DEFAULTS as RATE } from '../security/rate-limit.js';
import {
  describePathParameter,
  describeRequestSchema,
  describeResponseSchemas,
} from './openapi-schemas.js';
import { API_V1_PREFIX, PUBLIC_ROUTES, type PublicRoute } from './public-api.js';

type Json = Record<string, unknown>;

export interface OpenApiOptions {
  /** clauster's version (info.version). */
  version: string;
  /** config root_path: '' or `/segment…`. */
  rootPath: string;
  /** The plain session cookie name (`__Host-` is put in front over https). */
  cookieName: string;
}

const ERROR_REF = { $ref: '#/components/schemas/Error' };

// Answered by the middleware in front of every route, whatever the route. The 429 numbers are
// the limiters' own constants (auth-services.ts wires them), so the text cannot drift.
const COMMON_STATUSES: Readonly<Record<number, string>> = {
  401: 'no working credential (a bearer token or a session cookie), or a bearer token that is not accepted (unknown or revoked)',
  403: 'refused: a metrics-only token, a cross-site write (Origin / Fetch Metadata), a Host header this dashboard does not serve, or a request relayed by a proxy while auth is off',
  429: `too many requests: over ${RATE.ratePerSecond} a second (bursts of ${RATE.burst}) for this credential, or, for a bearer token that is not accepted, over ${BEARER.perKeyLimit} failed tokens in ${BEARER.perKeyWindowSeconds} s from this client IP or ${BEARER.globalLimit} in ${BEARER.globalWindowSeconds} s overall (Retry-After says when to try again)`,
};

// Answered by the body checks (middleware/body-limit.ts) in front of every write, whether or
// not the route reads a body.
const BODY_STATUSES: Readonly<Record<number, string>> = {
  413: 'request body over 1 MiB',
  415: 'request body is not application/json',
};

/** `/bridges/:id` → `/bridges/{id}`. */
export function toOpenApiPath(path: string): string {
  return path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');
}

/** The names of the `:param` segments of `path`, in order. */
function readPathParameters(path: string): string[] {
  return path
    .split('/')
    .filter((segment) => segment.startsWith(':'))
    .map((segment) => segment.slice(1));
}

function describeResponse(status: number, description: string, body: Json | undefined): Json {
  if (status === 204) return { description };
  const schema = status < 300 ? (body ?? { type: 'object' }) : ERROR_REF;
  return { description, content: { 'application/json': { schema } } };
}

// The route's own statuses and the middleware's; a status both give (start's bypass 403 and
// the common 403) keeps both texts.
function mergeStatuses(route: PublicRoute): Record<number, string> {
  const shared = { ...COMMON_STATUSES, ...(route.method !== 'GET' ? BODY_STATUSES : {}) };
  const statuses: Record<number, string> = { ...route.statuses };
  for (const [status, text] of Object.entries(shared)) {
    const own = statuses[Number(status)];
    statuses[Number(status)] = own === undefined ? text : `${own}; or ${text}`;
  }
  return statuses;
}

function describeOperation(route: PublicRoute, body: Json | undefined): Json {
  const statuses = mergeStatuses(route);
  const responses: Json = {};
  for (const [status, description] of Object.entries(statuses).sort(([a], [b]) => +a - +b)) {
    responses[status] = describeResponse(Number(status), description, body);
  }
  const parameters = readPathParameters(route.path).map(describePathParameter);
  const request = route.body && describeRequestSchema(route.body);
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(request
      ? { requestBody: { required: false, content: { 'application/json': { schema: request } } } }
      : {}),
    responses,
  };
}

/** Builds the OpenAPI 3.1 document of `routes` (default: every public route). */
export function buildOpenApiDocument(
  options: OpenApiOptions,
  routes: readonly PublicRoute[] = PUBLIC_ROUTES,
): Json {
  const { components, bodies } = describeResponseSchemas(routes);
  const paths: Record<string, Json> = {};
  for (const route of routes) {
    const key = toOpenApiPath(route.path);
    const operation = describeOperation(route, bodies.get(route));
    paths[key] = { ...paths[key], [route.method.toLowerCase()]: operation };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'clauster public API',
      version: options.version,
      description:
        'The /api/v1 routes of clauster. Within v1, paths and fields are only ever added, never renamed or removed.',
    },
    servers: [{ url: `${options.rootPath}${API_V1_PREFIX}` }],
    security: [{ bearerToken: [] }, { sessionCookie: [] }],
    paths,
    components: {
      securitySchemes: {
        bearerToken: {
          type: 'http',
          scheme: 'bearer',
          description: 'An API token from `clauster api-token issue <label>`.',
        },
        sessionCookie: {
          type: 'apiKey',
          in: 'cookie',
          name: options.cookieName,
          description: 'The dashboard login session (named `__Host-…` over https).',
        },
      },
      schemas: {
        ...components,
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: { code: { type: 'string' }, message: { type: 'string' } },
            },
          },
        },
      },
    },
  };
}
