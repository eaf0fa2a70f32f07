/**
 * Native TLS rules (`tls.*`). Invariant: the dashboard serves HTTPS only from a cert/key pair
 * that node:crypto parsed and node:tls accepted as one secure context here, before anything
 * binds; anything else is a refusal, never a silent fall-back to plain HTTP. No problem or
 * warning line carries PEM content (only key paths, file paths and error codes).
 */

import { createPrivateKey, X509Certificate } from 'node:crypto';
import { createSecureContext } from 'node:tls';
import { errnoCode } from '../fs-errors.js';
import type { Fs } from '../system/ports.js';
import type { ConfigProblem } from './problems.js';
import type { Config } from './schema.js';

/** True when the dashboard serves https itself (a checked tls.cert_file/key_file pair). */
export function servesHttps(config: Config): boolean {
  return config.tls.cert_file !== null;
}

/** The PEM pair the server hands to node:https (held in memory, never printed). */
export interface TlsMaterial {
  cert: Buffer;
  key: Buffer;
}

export interface TlsCheck {
  problems: ConfigProblem[];
  warnings: string[];
  /** The checked pair, or null when TLS is off (or refused). */
  material: TlsMaterial | null;
}

const MAKE_CERT =
  'openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 365 -keyout key.pem -out cert.pem -subj /CN=clauster.lan -addext subjectAltName=DNS:clauster.lan,IP:192.168.1.10,IP:127.0.0.1';
const HOW_TO =
  `make a certificate (e.g. \`${MAKE_CERT}\`, then chmod 600 key.pem) and set tls.cert_file and ` +
  'tls.key_file, or terminate TLS at a reverse proxy (docs/reverse-proxy.md)';

function problem(path: string, expected: string, found: string): TlsCheck {
  return { problems: [{ path, expected, found }], warnings: [], material: null };
}

const errorCode = (error: unknown): string => errnoCode(error) ?? 'an error';

async function readPem(path: string, file: string, fs: Fs): Promise<Buffer | TlsCheck> {
  try {
    return await fs.readFile(file);
  } catch (error) {
    const expected = `a readable PEM file (check the path and its permissions), or ${path}: null`;
    return problem(path, expected, `${errorCode(error)} reading ${file}`);
  }
}

/** tls.provision: only `off`; hostnames only mean something to the provisioning we lack. */
function checkProvision(config: Config): TlsCheck {
  const { provision, hostnames } = config.tls;
  if (provision !== 'off') {
    const expected = `"off": clauster does not provision certificates; ${HOW_TO}`;
    return problem('tls.provision', expected, `the string ${JSON.stringify(provision)}`);
  }
  const warnings =
    hostnames.length === 0
      ? []
      : [
          'tls.hostnames is only used by tls.provision: self-signed, which clauster does not implement; ignored',
        ];
  return { problems: [], warnings, material: null };
}

/** Both files parse, belong together and make one node:tls secure context. */
function checkPair(files: { cert: string; key: string }, pem: TlsMaterial): TlsCheck {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(pem.cert);
  } catch (error) {
    const expected = 'a PEM certificate (-----BEGIN CERTIFICATE-----)';
    return problem('tls.cert_file', expected, `${errorCode(error)} parsing ${files.cert}`);
  }
  let key: ReturnType<typeof createPrivateKey>;
  try {
    key = createPrivateKey(pem.key);
  } catch (error) {
    const expected = 'an unencrypted PEM private key (-----BEGIN PRIVATE KEY-----)';
    return problem('tls.key_file', expected, `${errorCode(error)} parsing ${files.key}`);
  }
  if (!certificate.checkPrivateKey(key)) {
    const expected = `the private key of the certificate in tls.cert_file (${files.cert})`;
    return problem('tls.key_file', expected, `a key that does not match it in ${files.key}`);
  }
  try {
    createSecureContext({ cert: pem.cert, key: pem.key });
  } catch (error) {
    const expected = 'a certificate and key that node:tls accepts together';
    return problem('tls.cert_file', expected, `${errorCode(error)} for ${files.cert}`);
  }
  return { problems: [], warnings: [], material: pem };
}

/** A private key others can read is a warning (chmod 600), not a refusal. */
async function listKeyModeWarnings(file: string, fs: Fs): Promise<string[]> {
  try {
    const mode = (await fs.stat(file)).mode & 0o777;
    if ((mode & 0o044) === 0) return [];
    const octal = mode.toString(8).padStart(4, '0');
    return [
      `tls.key_file: ${file} is readable by group or others (mode ${octal}); run chmod 600 ${file}`,
    ];
  } catch {
    return [];
  }
}

/** Checks every `tls.*` rule; reads both PEM files and returns them for the server. */
export async function checkTls(config: Config, deps: { fs: Fs }): Promise<TlsCheck> {
  const provision = checkProvision(config);
  if (provision.problems.length > 0) return provision;
  const { cert_file: certFile, key_file: keyFile } = config.tls;
  if (certFile === null && keyFile === null) return provision;
  if (certFile === null || keyFile === null) {
    const [missing, other] =
      certFile === null ? ['cert_file', 'key_file'] : ['key_file', 'cert_file'];
    const expected = `a PEM path alongside tls.${other} (set both or neither)`;
    return problem(`tls.${missing}`, expected, 'nothing (missing)');
  }
  const cert = await readPem('tls.cert_file', certFile, deps.fs);
  if (!Buffer.isBuffer(cert)) return cert;
  const key = await readPem('tls.key_file', keyFile, deps.fs);
  if (!Buffer.isBuffer(key)) return key;
  const pair = checkPair({ cert: certFile, key: keyFile }, { cert, key });
  const modeWarnings = pair.material === null ? [] : await listKeyModeWarnings(keyFile, deps.fs);
  return { ...pair, warnings: [...provision.warnings, ...modeWarnings] };
}
