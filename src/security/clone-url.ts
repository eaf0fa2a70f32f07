/**
 * Clone URL policy (design §6, security.md R-SSRF-1). Pure. Invariant: a URL passes only in
 * the forms `https://host[:port]/path`, `ssh://[user@]host[:port]/path` and `user@host:path`,
 * with a scheme from `clone.allowed_schemes`, no credentials, query, fragment, whitespace,
 * control or non-ASCII characters, no option-looking part, no encoded traversal, a host that
 * `parseCloneHost` accepts and the default port unless allowlisted. The `url` handed to git
 * is rebuilt from the checked parts, never the raw input.
 */
import { formatUrlHost, type HostKind, type HostRule, parseCloneHost } from './clone-host.js';

export type CloneScheme = 'https' | 'ssh';

export type UrlRule =
  | HostRule
  | 'empty'
  | 'too-long'
  | 'control-character'
  | 'whitespace'
  | 'scheme'
  | 'local-path'
  | 'credentials-in-url'
  | 'query-or-fragment'
  | 'port'
  | 'invalid-user'
  | 'invalid-path'
  | 'path-traversal'
  | 'malformed';

export interface ParsedCloneUrl {
  scheme: CloneScheme;
  /** `url` for https:// and ssh://, `scp` for `user@host:path`. */
  form: 'url' | 'scp';
  host: string;
  hostKind: HostKind;
  port: number;
  path: string;
  user?: string;
  /** Canonical URL rebuilt from the checked parts: what git receives. */
  url: string;
}

export type UrlVerdict =
  | { ok: true; rule: null; detail: string; parsed: ParsedCloneUrl }
  | { ok: false; rule: UrlRule; detail: string; parsed: null };

export interface UrlPolicyOptions {
  allowedSchemes: readonly CloneScheme[];
  /** Non-default ports that may appear in a URL (default none). */
  allowedPorts?: readonly number[];
}

export const MAX_CLONE_URL_LENGTH = 2048;
const DEFAULT_PORTS: Record<CloneScheme, number> = { https: 443, ssh: 22 };
const USER_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** RFC 3986 pchar plus "/": unreserved, pct-encoded, sub-delims, ":" and "@". */
const PATH_CHARS_RE = /^[A-Za-z0-9\-._~!$&'()*+,;=:@/%]+$/;
/** Decoded bytes that must never arrive percent-encoded: traversal, separators, controls. */
const FORBIDDEN_ENCODED = new Set([0x2e, 0x2f, 0x5c, 0x25, 0x7f]);

function refuse(rule: UrlRule, detail: string): UrlVerdict {
  return { ok: false, rule, detail, parsed: null };
}

function checkPath(path: string, scheme: CloneScheme, form: 'url' | 'scp'): UrlVerdict | null {
  const repoPart = form === 'url' ? path.slice(1) : path;
  if (repoPart.length === 0) return refuse('invalid-path', 'the URL names no repository path');
  if (form === 'scp' && path.startsWith('-')) {
    return refuse('option-injection', 'a path starting with "-" could be read as an option');
  }
  if (!PATH_CHARS_RE.test(path)) {
    return refuse('invalid-path', `the ${scheme} path has characters outside RFC 3986 pchar`);
  }
  for (const match of path.matchAll(/%(.{0,2})/g)) {
    const hex = match[1] ?? '';
    if (!/^[0-9A-Fa-f]{2}$/.test(hex)) {
      return refuse('percent-encoding', `"%${hex}" is not a valid percent-escape`);
    }
    const byte = Number.parseInt(hex, 16);
    if (byte < 0x20 || FORBIDDEN_ENCODED.has(byte)) {
      return refuse('percent-encoding', `"%${hex}" encodes a separator, dot or control byte`);
    }
  }
  if (path.split('/').some((segment) => segment === '..' || segment === '.')) {
    return refuse('path-traversal', 'the path has a "." or ".." segment');
  }
  return null;
}

function checkPort(raw: string | undefined, scheme: CloneScheme, options: UrlPolicyOptions) {
  const fallback = DEFAULT_PORTS[scheme];
  if (raw === undefined) return { ok: true as const, port: fallback };
  if (!/^[1-9][0-9]{0,4}$/.test(raw) || Number(raw) > 65_535) {
    return { ok: false as const, verdict: refuse('port', `"${raw}" is not a port number`) };
  }
  const port = Number(raw);
  if (port !== fallback && !(options.allowedPorts ?? []).includes(port)) {
    const detail = `port ${port} is not the ${scheme} default ${fallback}; add it to clone.allowed_ports to allow it`;
    return { ok: false as const, verdict: refuse('port', detail) };
  }
  return { ok: true as const, port };
}

function checkUser(user: string, scheme: CloneScheme): UrlVerdict | null {
  if (scheme === 'https' || user.includes(':')) {
    return refuse('credentials-in-url', 'credentials are not allowed in a clone URL');
  }
  if (user.startsWith('-')) {
    return refuse('option-injection', 'a user name starting with "-" could be read as an option');
  }
  if (!USER_RE.test(user)) {
    return refuse('invalid-user', 'the ssh user must be letters, digits, ".", "_" or "-"');
  }
  return null;
}

function splitHostPort(hostPort: string): { host: string; port: string | undefined } {
  const close = hostPort.startsWith('[') ? hostPort.indexOf(']') : -1;
  const colon = hostPort.indexOf(':', close + 1);
  // Anything between "]" and ":" stays in the host, which the host parser then refuses.
  if (colon < 0 || (close >= 0 && colon !== close + 1)) return { host: hostPort, port: undefined };
  return { host: hostPort.slice(0, colon), port: hostPort.slice(colon + 1) };
}

function parseSchemeUrl(scheme: CloneScheme, rest: string, options: UrlPolicyOptions): UrlVerdict {
  const slash = rest.indexOf('/');
  const authority = slash < 0 ? rest : rest.slice(0, slash);
  const path = slash < 0 ? '' : rest.slice(slash);
  const at = authority.lastIndexOf('@');
  const user = at < 0 ? undefined : authority.slice(0, at);
  if (user !== undefined) {
    const refused = checkUser(user, scheme);
    if (refused) return refused;
  }
  const { host: rawHost, port: rawPort } = splitHostPort(authority.slice(at + 1));
  const host = parseCloneHost(rawHost);
  if (!host.ok) return refuse(host.rule, host.detail);
  const port = checkPort(rawPort, scheme, options);
  if (!port.ok) return port.verdict;
  const pathRefused = checkPath(path, scheme, 'url');
  if (pathRefused) return pathRefused;
  const portPart = port.port === DEFAULT_PORTS[scheme] ? '' : `:${port.port}`;
  const userPart = user === undefined ? '' : `${user}@`;
  const url = `${scheme}://${userPart}${formatUrlHost(host.host, host.kind)}${portPart}${path}`;
  const parsed: ParsedCloneUrl = {
    scheme,
    form: 'url',
    host: host.host,
    hostKind: host.kind,
    port: port.port,
    path,
    url,
  };
  if (user !== undefined) parsed.user = user;
  return { ok: true, rule: null, detail: `${scheme} URL to ${host.host}`, parsed };
}

function parseScpLike(input: string, options: UrlPolicyOptions): UrlVerdict {
  const match = /^([^@/:[\]]+)@([^@/:]+):(.*)$/.exec(input);
  if (!match) {
    return refuse('local-path', 'not a URL: git would read it as a local path; use https://');
  }
  const [, user = '', rawHost = '', path = ''] = match;
  if (!options.allowedSchemes.includes('ssh')) {
    return refuse('scheme', 'ssh is not in clone.allowed_schemes');
  }
  const refusedUser = checkUser(user, 'ssh');
  if (refusedUser) return refusedUser;
  const host = parseCloneHost(rawHost);
  if (!host.ok) return refuse(host.rule, host.detail);
  const pathRefused = checkPath(path, 'ssh', 'scp');
  if (pathRefused) return pathRefused;
  const parsed: ParsedCloneUrl = {
    scheme: 'ssh',
    form: 'scp',
    host: host.host,
    hostKind: host.kind,
    port: DEFAULT_PORTS.ssh,
    path,
    user,
    url: `${user}@${host.host}:${path}`,
  };
  return { ok: true, rule: null, detail: `ssh (scp-like) to ${host.host}`, parsed };
}

function checkScheme(input: string, options: UrlPolicyOptions): UrlVerdict | CloneScheme | null {
  if (/^[A-Za-z][A-Za-z0-9+.-]*::/.test(input)) {
    return refuse('scheme', 'git remote-helper syntax (`transport::address`) is not allowed');
  }
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(input)?.[1]?.toLowerCase();
  if (scheme === undefined) return null;
  if (scheme !== 'https' && scheme !== 'ssh') {
    const hint = scheme.includes('.') ? 'for host:path write git@host:path' : 'use https://';
    return refuse('scheme', `scheme "${scheme}" is not allowed; ${hint}`);
  }
  if (!options.allowedSchemes.includes(scheme)) {
    return refuse('scheme', `${scheme} is not in clone.allowed_schemes`);
  }
  return scheme;
}

function checkCharacters(input: string): UrlVerdict | null {
  if (/[\s\p{Z}]/u.test(input)) return refuse('whitespace', 'the URL contains whitespace');
  if (input.includes('\\')) return refuse('malformed', 'backslashes are not allowed');
  if (/[?#]/.test(input)) {
    return refuse('query-or-fragment', 'a clone URL takes no query string or fragment');
  }
  if (/^[/.~]/.test(input)) return refuse('local-path', 'local paths cannot be cloned');
  return null;
}

/** Checks a clone URL against the policy and returns the verdict with the parsed parts. */
export function checkCloneUrl(input: string, options: UrlPolicyOptions): UrlVerdict {
  if (input.length === 0) return refuse('empty', 'the URL is empty');
  if (input.length > MAX_CLONE_URL_LENGTH) {
    return refuse('too-long', `the URL is ${input.length} characters; at most 2048`);
  }
  if (/[\p{Cc}\p{Cf}]/u.test(input)) {
    return refuse('control-character', 'the URL contains a control or format character');
  }
  if (input.startsWith('-')) {
    return refuse('option-injection', 'a URL starting with "-" would be read as a git option');
  }
  const scheme = checkScheme(input, options);
  if (typeof scheme === 'object' && scheme !== null) return scheme;
  const refused = checkCharacters(input);
  if (refused) return refused;
  if (scheme === null) return parseScpLike(input, options);
  if (!input.slice(scheme.length + 1).startsWith('//')) {
    return refuse('malformed', `expected "${scheme}://" followed by a host`);
  }
  return parseSchemeUrl(scheme, input.slice(scheme.length + 3), options);
}
