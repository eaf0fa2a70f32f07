/**
 * Self-signed certificates for TLS tests (native TLS, the loopback git server), made with
 * `openssl` at test time in the test's own temp directory (never checked in, never the
 * network). EC P-256 keeps it fast.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync } from 'node:fs';
import { join } from 'node:path';

export interface TestCert {
  certFile: string;
  keyFile: string;
}

/**
 * Writes `<prefix>-cert.pem` and `<prefix>-key.pem` (0600) in `dir`, valid for one day for
 * `names` (the first is the CN; `IP:`/`DNS:` entries as openssl's subjectAltName takes them).
 */
export function writeSelfSignedCert(
  dir: string,
  prefix: string,
  names: readonly string[],
): TestCert {
  const certFile = join(dir, `${prefix}-cert.pem`);
  const keyFile = join(dir, `${prefix}-key.pem`);
  const commonName = (names[0] ?? 'localhost').replace(/^(DNS|IP):/, '');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-days',
      '1',
      '-subj',
      `/CN=${commonName}`,
      '-addext',
      `subjectAltName=${names.join(',')}`,
    ],
    { stdio: 'ignore' },
  );
  chmodSync(keyFile, 0o600);
  return { certFile, keyFile };
}

/** A pair valid for localhost and 127.0.0.1 (the dashboard's loopback bind). */
export async function makeTestCert(dir: string, prefix = 'tls'): Promise<TestCert> {
  return writeSelfSignedCert(dir, prefix, ['DNS:localhost', 'IP:127.0.0.1']);
}
