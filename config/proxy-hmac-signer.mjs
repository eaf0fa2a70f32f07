#!/usr/bin/env node
// Signer sidecar for proxies that cannot compute an HMAC (Caddy, Traefik): answers a
// forward-auth sub-request with the X-Proxy-Auth header clauster verifies.
//
//   CLAUSTER_PROXY_SECRET_FILE=/etc/clauster/proxy.secret node proxy-hmac-signer.mjs
//
// Environment: CLAUSTER_PROXY_SECRET_FILE (required; same bytes as
// auth.reverse_proxy.shared_secret_file), SIGNER_PORT (9180), SIGNER_USER_HEADER
// (Remote-User), SIGNER_SECRET_HEADER (X-Proxy-Auth). Listens on 127.0.0.1 only and
// answers only loopback peers.
//
// It signs `<user>:<t>:<METHOD>:<path>:<nonce>` where METHOD and path come from the
// proxy's X-Forwarded-Method / X-Forwarded-Uri (query string removed) and the user from
// the header your IdP set on the request. No user → 200 without a header (clauster then
// sees no proxy assertion and asks for another credential).
import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const secretFile = process.env.CLAUSTER_PROXY_SECRET_FILE;
if (!secretFile) {
  console.error('proxy-hmac-signer: set CLAUSTER_PROXY_SECRET_FILE');
  process.exit(2);
}
const secret = readFileSync(secretFile, 'utf8').trimEnd();
if (Buffer.byteLength(secret) < 32) {
  console.error(`proxy-hmac-signer: ${secretFile} holds fewer than 32 bytes`);
  process.exit(2);
}
const port = Number(process.env.SIGNER_PORT ?? 9180);
const userHeader = (process.env.SIGNER_USER_HEADER ?? 'Remote-User').toLowerCase();
const secretHeader = process.env.SIGNER_SECRET_HEADER ?? 'X-Proxy-Auth';
const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

const server = createServer((req, res) => {
  if (!LOOPBACK.has(req.socket.remoteAddress ?? '')) {
    res.writeHead(403).end();
    return;
  }
  const user = req.headers[userHeader];
  const method = req.headers['x-forwarded-method'];
  const uri = req.headers['x-forwarded-uri'];
  if (typeof user !== 'string' || user === '' || typeof method !== 'string' || typeof uri !== 'string') {
    res.writeHead(200).end();
    return;
  }
  const t = Math.floor(Date.now() / 1000);
  const nonce = randomBytes(16).toString('base64url');
  const path = uri.split('?')[0];
  const message = `${user}:${t}:${method.toUpperCase()}:${path}:${nonce}`;
  const mac = createHmac('sha256', secret).update(message, 'utf8').digest('hex');
  res.writeHead(200, { [secretHeader]: `t=${t},n=${nonce},v1=${mac}` }).end();
});
server.listen(port, '127.0.0.1', () => {
  console.error(`proxy-hmac-signer: listening on 127.0.0.1:${port}`);
});
