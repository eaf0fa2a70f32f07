/** `clauster version`: print the version (with --json, as {"version"}). */
import { readClausterVersion } from '../system/version.js';
import { JSON_OPTIONS, parseCommandArgs } from './args.js';
import type { CliIo } from './io.js';

const USAGE = `Usage: clauster version [--json]

Print the clauster version.

Options:
  --json    Print {"version": "..."}
  -h, --help
`;

/** Prints the version; exit 0. */
export async function runVersion(argv: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs(argv, { spec: JSON_OPTIONS, usage: USAGE }, io);
  if (typeof parsed === 'number') return parsed;
  const version = readClausterVersion();
  io.stdout(parsed.values.json ? `${JSON.stringify({ version })}\n` : `clauster ${version}\n`);
  return 0;
}
