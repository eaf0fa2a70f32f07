/**
 * `clauster open <project|bridge-id>`: print a live bridge's connect URL, or draw it as a QR
 * code in the terminal (`--qr`) to scan from a phone over SSH. Reads state_dir like `clauster
 * status` (no server, no token). Only a URL that passes the connect-URL check is ever printed.
 */
import { type ConnectTarget, resolveConnectTarget } from '../bridges/connect-target.js';
import { checkBridgesAlive } from '../bridges/liveness.js';
import { readRegistry } from '../bridges/registry.js';
import { CONFIG_JSON_OPTIONS } from './args.js';
import { BRIDGE_ARG_HELP, readRefCommand } from './bridge-arg.js';
import { loadCliConfig } from './command-config.js';
import { reportFailure } from './failure-output.js';
import type { CliIo } from './io.js';

const USAGE = `Usage: clauster open <project|bridge-id> [options]

Print the connect URL of a bridge that is running now (its process checked like \`clauster
status\` does), alone on stdout so \`$(clauster open myproject)\` works. A project name means
its live bridge. Works without a running dashboard. Exit 1 when the bridge is not running, has
no URL yet or has a recorded URL that is not a claude.ai/code connect URL.

${BRIDGE_ARG_HELP}
open never asks the dashboard: here a full id not in bridges.json exits 1 too, and a project
with two alive bridges exits 2. --json and --qr exclude each other; --invert needs --qr (exit 2).

Options:
  --qr                Draw the URL as a QR code (text blocks) above it, to scan with a phone
  --invert            Swap the QR colours (for a terminal with a light background)
  --json              Print {"bridge","project","status","url"}
  -c, --config PATH   Config file
  -h, --help

The URL leads into the session: keep it out of shared chats, tickets and logs. The Python
original's \`open --launch\` (start a browser) is not ported: clauster runs headless.
`;

const NOTE = 'note: this URL leads into the session; keep it out of shared chats and logs\n';

// The QR code of `url` in Unicode half blocks (two modules per character, no escapes).
async function drawQr(url: string, invert: boolean): Promise<string> {
  // qrcode is loaded only when a QR is asked for, like the dashboard's QR route.
  const QRCode = (await import('qrcode')).default;
  // Drawn as light-on-dark by default (most terminals), so the blocks are the light modules.
  const colors = invert ? {} : { color: { dark: '#ffffff', light: '#000000' } };
  return QRCode.toString(url, { type: 'utf8', errorCorrectionLevel: 'M', margin: 2, ...colors });
}

async function printTarget(
  target: ConnectTarget,
  options: { json: boolean; qr: boolean; invert: boolean },
  io: CliIo,
): Promise<void> {
  if (options.json) {
    io.stdout(`${JSON.stringify(target)}\n`);
    return;
  }
  if (options.qr) io.stdout(`${await drawQr(target.url, options.invert)}\n`);
  io.stdout(`${target.url}\n`);
  if (io.isTTY) io.stderr(NOTE);
}

// The usage error in the options, or null.
function checkUsage(options: { json: boolean; qr: boolean; invert: boolean }): string | null {
  if (options.json && options.qr) return '--json cannot be combined with --qr';
  if (options.invert && !options.qr) return '--invert only changes the QR code: add --qr';
  return null;
}

/** Prints a bridge's connect URL; exit 0, 1 not running/no URL/refused, 2 usage or config. */
export async function runOpen(argv: string[], io: CliIo): Promise<number> {
  const spec = {
    qr: { type: 'boolean' },
    invert: { type: 'boolean' },
    ...CONFIG_JSON_OPTIONS,
  } as const;
  const read = readRefCommand(
    argv,
    { command: 'open', spec, usage: USAGE, kind: 'project-or-bridge' },
    io,
  );
  if (typeof read === 'number') return read;
  const { parsed, out, ref } = read;
  const { values } = parsed;
  const options = { json: out.json, qr: values.qr === true, invert: values.invert === true };
  const problem = checkUsage(options);
  if (problem !== null) {
    const failure = { code: 'invalid-option', message: problem, exitCode: 2, usage: USAGE };
    return reportFailure(out, failure, io);
  }
  const config = await loadCliConfig('open', values.config, io, { json: out.json });
  if (typeof config === 'number') return config;
  const records = await readRegistry(config.state_dir, io.deps);
  if (!records.ok) {
    return reportFailure(out, { code: records.code, message: records.detail, exitCode: 1 }, io);
  }
  const target = resolveConnectTarget(ref, await checkBridgesAlive(records.value, io.deps));
  if (!target.ok) {
    const exitCode = target.code === 'too-short' || target.code === 'ambiguous' ? 2 : 1;
    return reportFailure(out, { code: target.code, message: target.detail, exitCode }, io);
  }
  await printTarget(target.value, options, io);
  return 0;
}
