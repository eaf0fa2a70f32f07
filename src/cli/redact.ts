/**
 * `clauster redact`: stdin → stdout through the same framing and redactor as the log stream,
 * so an operator can clean any log before sharing it. Streams: memory stays bounded by the
 * line cap whatever the input size.
 */
import { createLineFramer } from '../bridges/line-framer.js';
import { redactLine } from '../security/redact-line.js';
import { parseCommandArgs } from './args.js';
import type { CliIo } from './io.js';

const USAGE = `Usage: clauster redact [--keep-colour] < input > output

Copy standard input to standard output with session/environment ids, UUIDs, tokens, keys,
Authorization headers, URL passwords and JWTs masked, and terminal control sequences and
invisible characters removed. Lines longer than 64 KiB are cut. The redactor only knows the
shapes listed in docs/logs.md: read the output before sharing it.

Options:
  --keep-colour   Keep SGR colour codes on lines where they change nothing else
  -h, --help
`;

/** Filters stdin to stdout; exit 0, 2 for usage errors. */
export async function runRedact(argv: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs(
    argv,
    {
      spec: {
        'keep-colour': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      usage: USAGE,
    },
    io,
  );
  if (typeof parsed === 'number') return parsed;
  const options = { stripAnsi: parsed.values['keep-colour'] !== true };
  const framer = createLineFramer();
  const write = (lines: string[]): void => {
    if (lines.length > 0)
      io.stdout(`${lines.map((line) => redactLine(line, options)).join('\n')}\n`);
  };
  for await (const chunk of io.stdin) {
    write(framer.push(typeof chunk === 'string' ? chunk : (chunk as Uint8Array)));
  }
  // A last line without a terminator is printed without one too.
  const last = framer.end();
  if (last.length > 0) io.stdout(last.map((line) => redactLine(line, options)).join('\n'));
  return 0;
}
