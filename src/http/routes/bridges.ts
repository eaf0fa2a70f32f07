/**
 * Bridges routes: list, show, stop, restart (same options), forget and the QR code of the
 * connect URL. The QR body is a secret-bearing image (the URL opens the session), so it is
 * never cached.
 */
import { Hono } from 'hono';
import { BRIDGE_ID_RE, type Bridge, buildRestartRequest } from '../../bridges/record.js';
import type { AppContext } from '../context.js';
import { HttpError } from '../errors.js';
import { RESTART_BODY_SCHEMA } from '../public-api.js';
import {
  bodyFieldsOf,
  NO_BODY,
  NO_FIELDS,
  readOptionalObject,
  refuseUnknownFields,
  requireSupervisor,
  toHttpError,
} from './bridge-http.js';

const RESTART = bodyFieldsOf(RESTART_BODY_SCHEMA, 'optionally');

function readBridge(ctx: AppContext, id: string): Bridge {
  const bridge = BRIDGE_ID_RE.test(id) ? requireSupervisor(ctx).get(id) : null;
  if (bridge === null) throw new HttpError('unknown-bridge', 'no bridge with that id');
  return bridge;
}

/** Routes of the bridges resource. */
export function bridgesRoutes(ctx: AppContext): Hono {
  const routes = new Hono();

  routes.get('/api/bridges', (c) => c.json({ bridges: requireSupervisor(ctx).list() }));

  routes.get('/api/bridges/:id', (c) => c.json({ bridge: readBridge(ctx, c.req.param('id')) }));

  routes.post('/api/bridges/:id/stop', async (c) => {
    const bridge = readBridge(ctx, c.req.param('id'));
    refuseUnknownFields(await readOptionalObject(c), NO_FIELDS, NO_BODY);
    const stopped = await requireSupervisor(ctx).requestStop(bridge.id);
    if (!stopped.ok) throw toHttpError(stopped.code, stopped.detail);
    const { bridge: answer, autostartCancelled } = stopped.value;
    return c.json({ bridge: answer, autostart_cancelled: autostartCancelled });
  });

  // A new bridge with the old one's options, through the same start path and checks (a
  // bypassPermissions bridge needs `confirm` again; one live bridge per project and
  // instance_defaults.max_bridges still apply).
  routes.post('/api/bridges/:id/restart', async (c) => {
    const bridge = readBridge(ctx, c.req.param('id'));
    const body = await readOptionalObject(c);
    // A misspelt field must not restart the bridge as if it were absent.
    refuseUnknownFields(body, RESTART.fields, RESTART.expected);
    const { confirm } = body;
    const started = await requireSupervisor(ctx).start(
      bridge.project,
      buildRestartRequest(bridge, confirm),
    );
    if (!started.ok) throw toHttpError(started.code, started.detail);
    await ctx.audit.append({
      action: 'bridge.restart',
      project: bridge.project,
      from: bridge.id,
      bridge_id: started.value.id,
    });
    return c.json({ bridge: started.value }, 201);
  });

  routes.delete('/api/bridges/:id', async (c) => {
    const bridge = readBridge(ctx, c.req.param('id'));
    const forgotten = await requireSupervisor(ctx).forget(bridge.id);
    if (!forgotten.ok) throw toHttpError(forgotten.code, forgotten.detail);
    return c.body(null, 204);
  });

  routes.get('/api/bridges/:id/qr', async (c) => {
    const bridge = readBridge(ctx, c.req.param('id'));
    if (bridge.url === null)
      throw new HttpError('no-url', `bridge ${bridge.id} has no connect URL yet`);
    // qrcode (and pngjs behind it) is only loaded by this route, not at start-up.
    const QRCode = (await import('qrcode')).default;
    const svg = await QRCode.toString(bridge.url, {
      type: 'svg',
      errorCorrectionLevel: 'M',
      margin: 2,
    });
    return c.body(svg, 200, { 'content-type': 'image/svg+xml', 'cache-control': 'no-store' });
  });

  return routes;
}
