/**
 * Self-signed certificates for native-TLS tests, made with `openssl` at test time in the
 * test's own temp directory (never checked in, never the network). EC P-256 keeps it fast.
 */
import { execFileSync } from 'node:child_process';
import { chmod } from 'node:fs/promises';
import { join } from 'node:path';

export interface TestCert {
  certFile: string;
  keyFile: string;
}

/** Writes `<prefix>-cert.pem` and `<prefix>-key.pem` (0600) valid for localhost and 127.0.0.1. */
export async function makeTestCert(dir: string, prefix = 'tls'): Promise<TestCert> {
  const certFile = join(dir, `${prefix}-cert.pem`);
  const keyFile = join(dir, `${prefix}-key.pem`);
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
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  await chmod(keyFile, 0o600);
  return { certFile, keyFile };
}
