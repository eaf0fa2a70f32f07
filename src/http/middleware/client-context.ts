/**
 * Who is connecting and how: peer address, client address, https-ness and the Host check
 * (security.md R-LAN-2, R-LAN-4, R-PROXY-3). Invariant: forwarded headers count only from a
 * peer inside trusted_ips; a Host that is a DNS name we do not serve is refused (403), so a
 * DNS-rebinding page cannot read the API even on an auth-off loopback dashboard. The refusal
 * names the Host sent and the fix, and is logged once a minute per Host at most.
 */
import type { MiddlewareHandler } from 'hono';
import { createLogThrottle } from '../../security/log-throttle.js';
import { checkRequestHost } from '../../security/origin.js';
import { resolveClientAddress, resolveForwardedProto } from '../../security/proxy-trust.js';
import type { Clock, Logger } from '../../system/ports.js';
import type { AuthServices } from '../auth-services.js';
import { HttpError } from '../errors.js';
import { describeHostRefusal } from './host-refusal.js';
import { getHeader, getHeaderValues, getPeerAddress, isEncryptedConnection } from './peer.js';

/** Middleware factory: sets `clientAddress` and `secureRequest`, refuses foreign Host names. */
export function clientContext(
  getServices: () => Promise<AuthServices>,
  options: { logger: Logger; clock: Clock },
): MiddlewareHandler {
  const throttle = createLogThrottle({}, { clock: options.clock });
  return async function resolveClientContext(c, next) {
    const services = await getServices();
    const peer = getPeerAddress(c);
    const forwardedProto = resolveForwardedProto(
      peer,
      getHeaderValues(c, 'x-forwarded-proto'),
      services.trusted,
    );
    // c.req.url is an absolute, normalised href: its scheme is lowercase. A WebSocket
    // handshake's URL is always http:, so the TLS socket itself counts too.
    const nativeHttps = isEncryptedConnection(c) || c.req.url.startsWith('https:');
    c.set('secureRequest', nativeHttps || forwardedProto === 'https');
    c.set(
      'clientAddress',
      resolveClientAddress(peer, getHeaderValues(c, 'x-forwarded-for'), services.trusted),
    );
    // The WebSocket adapter rebuilds the URL on a fixed base, so read the header itself.
    const host = getHeader(c, 'host') ?? new URL(c.req.url).host;
    const verdict = checkRequestHost(host, services.origins);
    if (!verdict.ok) {
      const message = describeHostRefusal(host);
      if (throttle.take(host.toLowerCase())) {
        options.logger.warn(message, { client: c.get('clientAddress') });
      }
      throw new HttpError('bad-host', message);
    }
    await next();
  };
}
