/**
 * Reading clauster.yml. Invariant: a file over 1 MiB, with duplicate keys, aliases (the
 * "billion laughs" shape), unknown tags, several documents, or whose top level is not a
 * mapping is refused; problem lines say what is wrong in words (a duplicate key by its key
 * path) with the line, never file content (yaml-problems.ts).
 */
import { isAlias, parseDocument, visit } from 'yaml';
import type { Fs } from '../system/ports.js';
import { ConfigError, type ConfigProblem } from './problems.js';
import { describeYamlErrors, lineOf } from './yaml-problems.js';

export const MAX_CONFIG_BYTES = 1024 * 1024;

function fileProblem(expected: string, found: string): ConfigProblem {
  return { path: '(file)', expected, found };
}

/** Parses YAML text into a mapping; an empty document is an empty mapping. */
export function parseConfigYaml(text: string, fileName: string): Record<string, unknown> {
  if (Buffer.byteLength(text, 'utf8') > MAX_CONFIG_BYTES) {
    throw new ConfigError([fileProblem('a config file of at most 1 MiB', `a larger ${fileName}`)]);
  }
  const doc = parseDocument(text, { uniqueKeys: true, strict: true, prettyErrors: true });
  const problems = describeYamlErrors([...doc.errors, ...doc.warnings], { doc, text, fileName });
  visit(doc, (_key, node) => {
    if (!isAlias(node)) return;
    const line = node.range ? lineOf(text, node.range[0]) : '?';
    problems.push(
      fileProblem('YAML without aliases (*name)', `an alias at line ${line} of ${fileName}`),
    );
  });
  if (problems.length > 0) throw new ConfigError(problems);
  const value: unknown = doc.toJS({ maxAliasCount: 0 });
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value) || value instanceof Map) {
    const kind = Array.isArray(value) ? 'a list' : `a ${typeof value}`;
    throw new ConfigError([
      fileProblem('a mapping of keys at the top level', `${kind} in ${fileName}`),
    ]);
  }
  return value as Record<string, unknown>;
}

/** A config file's text with what a rewrite needs to keep: its bytes, mode and owner. */
export interface ConfigFileText {
  text: string;
  /** The bytes read, so a writer can tell whether the file changed since. */
  bytes: Buffer;
  mode: number;
  uid: number;
  gid: number;
}

/**
 * Reads a config file as strict UTF-8, refusing it before reading when it is not a regular
 * file or is over 1 MiB. Bytes that are not UTF-8 are refused rather than replaced, so no
 * rewrite can silently corrupt them. A missing file throws with the ENOENT error as `cause`.
 */
export async function readConfigText(path: string, deps: { fs: Fs }): Promise<ConfigFileText> {
  let bytes: Buffer;
  let stat: Awaited<ReturnType<Fs['stat']>>;
  try {
    stat = await deps.fs.stat(path);
    if (!stat.isFile()) {
      throw new ConfigError([fileProblem('a regular config file', `something else at ${path}`)]);
    }
    if (stat.size > MAX_CONFIG_BYTES) {
      throw new ConfigError([
        fileProblem('a config file of at most 1 MiB', `${stat.size} bytes in ${path}`),
      ]);
    }
    bytes = await deps.fs.readFile(path);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? 'an error';
    throw new ConfigError([fileProblem('a readable config file', `${code} for ${path}`)], {
      cause: error,
    });
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new ConfigError([fileProblem('a UTF-8 config file', `other bytes in ${path}`)]);
  }
  return { text, bytes, mode: stat.mode & 0o7777, uid: stat.uid, gid: stat.gid };
}

/** Reads and parses a config file (see readConfigText for what is refused). */
export async function readConfigFile(
  path: string,
  deps: { fs: Fs },
): Promise<Record<string, unknown>> {
  return parseConfigYaml((await readConfigText(path, deps)).text, path);
}
