/**
 * A git smart-HTTPS server for clone tests: a node https server on 127.0.0.1 port 0 that runs
 * `git http-backend` as a CGI over bare repositories in a temp directory. Its certificate is
 * self-signed for the name `git.test` (made with openssl), so a clone of
 * `https://git.test:<port>/repo.git` only works when git is pinned to 127.0.0.1 by
 * `http.curloptResolve` and trusts `caFile` — the real https path, with no DNS involved.
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { writeSelfSignedCert } from './tls-cert.js';

export const GIT_TEST_HOST = 'git.test';

export interface GitHttpsServer {
  port: number;
  caFile: string;
  /** Requests seen, as `METHOD path`. */
  requests: string[];
  close(): Promise<void>;
}

export interface ServeOptions {
  /** Directory holding the bare repositories (GIT_PROJECT_ROOT). */
  projectRoot: string;
  /** Where the key and certificate are written. */
  certDir: string;
  /** Under `prefix`, send response bodies in `chunkBytes` pieces with `delayMs` pauses. */
  throttle?: { prefix: string; chunkBytes: number; delayMs: number };
  /** Paths (e.g. `/stall.git/info/refs`) that are accepted and never answered. */
  stallPrefix?: string;
}

/** A git environment that reads no user or system config (for building fixtures). */
export function isolatedGitEnv(home: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: home,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_AUTHOR_NAME: 'Test',
    GIT_AUTHOR_EMAIL: 'test@example.invalid',
    GIT_COMMITTER_NAME: 'Test',
    GIT_COMMITTER_EMAIL: 'test@example.invalid',
  };
}

/** Creates `<projectRoot>/<name>.git` with one commit; `randomMb` adds incompressible data. */
export async function createBareRepo(
  projectRoot: string,
  name: string,
  options: { randomMb?: number; scratch: string },
): Promise<string> {
  const work = join(options.scratch, `${name}-work`);
  await mkdir(work, { recursive: true });
  const env = isolatedGitEnv(options.scratch);
  const git = (args: string[], cwd: string): void => {
    execFileSync('git', args, { cwd, env, stdio: 'ignore' });
  };
  git(['init', '-q', '-b', 'main'], work);
  await writeFile(join(work, 'README.md'), `# ${name}\n`);
  if (options.randomMb)
    await writeFile(join(work, 'blob.bin'), randomBytes(options.randomMb << 20));
  git(['add', '.'], work);
  git(['commit', '-q', '-m', 'initial'], work);
  const bare = join(projectRoot, `${name}.git`);
  git(['clone', '-q', '--bare', work, bare], options.scratch);
  return bare;
}

function splitCgiOutput(buffer: Buffer): { head: string; body: Buffer } | null {
  for (const separator of ['\r\n\r\n', '\n\n']) {
    const at = buffer.indexOf(separator);
    if (at >= 0) {
      return {
        head: buffer.subarray(0, at).toString('latin1'),
        body: buffer.subarray(at + separator.length),
      };
    }
  }
  return null;
}

/** Starts the server; `close()` ends every connection, including stalled ones. */
export async function startGitHttpsServer(options: ServeOptions): Promise<GitHttpsServer> {
  await mkdir(options.certDir, { recursive: true });
  const { keyFile, certFile } = writeSelfSignedCert(options.certDir, 'git', [
    `DNS:${GIT_TEST_HOST}`,
  ]);
  const execPath = execFileSync('git', ['--exec-path'], { encoding: 'utf8' }).trim();
  const requests: string[] = [];
  const server: Server = createServer(
    { key: readFileSync(keyFile), cert: readFileSync(certFile) },
    (req, res) => {
      const url = new URL(req.url ?? '/', 'https://git.test');
      requests.push(`${req.method} ${url.pathname}`);
      if (options.stallPrefix && url.pathname.startsWith(options.stallPrefix)) return;
      const cgi = spawn(join(execPath, 'git-http-backend'), [], {
        env: {
          ...isolatedGitEnv(options.certDir),
          GIT_PROJECT_ROOT: options.projectRoot,
          GIT_HTTP_EXPORT_ALL: '1',
          REQUEST_METHOD: req.method ?? 'GET',
          PATH_INFO: url.pathname,
          QUERY_STRING: url.search.slice(1),
          CONTENT_TYPE: req.headers['content-type'] ?? '',
          ...(req.headers['content-encoding']
            ? { HTTP_CONTENT_ENCODING: req.headers['content-encoding'] }
            : {}),
          ...(req.headers['git-protocol']
            ? { GIT_PROTOCOL: String(req.headers['git-protocol']) }
            : {}),
          REMOTE_ADDR: '127.0.0.1',
        },
        stdio: ['pipe', 'pipe', 'ignore'],
      });
      req.pipe(cgi.stdin);
      cgi.stdin.on('error', () => {});
      const throttle = url.pathname.startsWith(options.throttle?.prefix ?? '\0')
        ? options.throttle
        : undefined;
      void relayCgi(cgi.stdout, res, throttle).catch(() => res.destroy());
      res.on('close', () => cgi.kill('SIGKILL'));
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    caFile: certFile,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function relayCgi(
  stdout: NodeJS.ReadableStream,
  res: ServerResponse,
  throttle: ServeOptions['throttle'],
): Promise<void> {
  let pending: Buffer = Buffer.alloc(0);
  let headersSent = false;
  for await (const chunk of stdout) {
    let data: Buffer = Buffer.from(chunk as Buffer);
    if (!headersSent) {
      pending = Buffer.concat([pending, data]);
      const split = splitCgiOutput(pending);
      if (split === null) continue;
      headersSent = true;
      let status = 200;
      for (const line of split.head.split(/\r?\n/)) {
        const colon = line.indexOf(':');
        const name = line.slice(0, colon).trim();
        const value = line.slice(colon + 1).trim();
        if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10);
        else if (name) res.setHeader(name, value);
      }
      res.writeHead(status);
      data = split.body;
    }
    if (!throttle) {
      if (!res.write(data)) await new Promise((resolve) => res.once('drain', resolve));
      continue;
    }
    for (let at = 0; at < data.length; at += throttle.chunkBytes) {
      if (res.destroyed) return;
      res.write(data.subarray(at, at + throttle.chunkBytes));
      await sleep(throttle.delayMs);
    }
  }
  res.end();
}
