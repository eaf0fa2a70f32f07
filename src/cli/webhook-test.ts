/** `clauster webhook-test`: send one `{"event":"test"}` payload to every webhooks.urls entry. */
import { buildTestPayload } from '../events/webhook-payload.js';
import { readClausterVersion } from '../system/version.js';
import { createWebhookSender, type DeliveryResult } from '../system/webhook-sender.js';
import { buildSenderOptions } from '../system/webhook-service.js';
import { parseConfigCommand } from './command-config.js';
import { reportFailure } from './failure-output.js';
import type { CliIo } from './io.js';

const USAGE = `Usage: clauster webhook-test [--config PATH] [--json]

Send one {"event":"test"} payload to each webhooks.urls entry with the dashboard's own
sender (same timeout, no redirects, block_private_targets applied) and print each outcome.
Targets are shown as scheme://host[:port] only. Sends even while webhooks.enabled is false.
Exit 0 when every target answered 2xx, 1 when any did not, 2 for usage or config errors or
an empty webhooks.urls (code no-targets with --json).

Options:
  -c, --config PATH   Config file (else $CLAUSTER_CONFIG, ./clauster.yml, $CLAUSTER_HOME/clauster.yml)
  --json              Print {ok, results:[{target, outcome, detail}]} (ok false, exit 1, when a
                      target did not answer 2xx); a usage or config error, or no
                      webhooks.urls, prints {"error":{"code","message"}}
  -h, --help
`;

function formatResults(results: readonly DeliveryResult[]): string {
  const width = Math.max(...results.map((r) => r.target.length));
  return results
    .map((r) => `${r.outcome.padEnd(7)} ${r.target.padEnd(width)}  ${r.detail}\n`)
    .join('');
}

/** Sends the test payload; exit 0 all delivered, 1 any failed, 2 usage/config error. */
export async function runWebhookTest(argv: string[], io: CliIo): Promise<number> {
  const command = await parseConfigCommand(argv, { command: 'webhook-test', usage: USAGE }, io);
  if (typeof command === 'number') return command;
  const { config, json } = command;
  if (config.webhooks.urls.length === 0) {
    const message = 'webhooks.urls is empty: nothing to send to';
    return reportFailure(
      { command: 'webhook-test', json },
      { code: 'no-targets', message, exitCode: 2 },
      io,
    );
  }
  if (!config.webhooks.enabled) {
    io.stderr('note: webhooks.enabled is false: the dashboard itself sends no webhooks\n');
  }
  const version = readClausterVersion();
  const sender = createWebhookSender(buildSenderOptions(config, version), io.deps);
  const at = new Date(io.deps.clock.now()).toISOString();
  const results = await sender.deliverAll(buildTestPayload({ at, instance: config.instance_name }));
  const ok = results.every((r) => r.outcome === 'ok');
  io.stdout(json ? `${JSON.stringify({ ok, results }, null, 2)}\n` : formatResults(results));
  return ok ? 0 : 1;
}
