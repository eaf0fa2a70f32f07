/**
 * Rules for the `webhooks:` section. Invariant: every `webhooks.urls` entry is an absolute
 * http(s) URL without a fragment, checked at load so every command refuses the same config;
 * a refused URL is shown with its userinfo, path and query masked (they often hold tokens).
 * An http:// URL off this machine is legal but warned about: its token travels in clear.
 */
import {
  describeTarget,
  isCleartextRemote,
  maskUrl,
  parseWebhookUrl,
} from '../security/webhook-target.js';
import type { ConfigProblem } from './problems.js';
import type { Config } from './schema.js';

/** One problem per `webhooks.urls[i]` that is not a usable webhook URL. */
export function checkWebhookUrls(urls: readonly string[]): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  urls.forEach((url, index) => {
    const parsed = parseWebhookUrl(url);
    if (parsed.ok) return;
    problems.push({
      path: `webhooks.urls[${index}]`,
      expected: parsed.detail,
      found: `the URL ${JSON.stringify(maskUrl(url))}`,
    });
  });
  return problems;
}

/**
 * Legal but surely not meant: webhooks on with nowhere to send them, and an http:// target off
 * this machine (webhook-test sends to it even while webhooks are off, so that is warned too).
 */
export function listWebhookWarnings(config: Config): string[] {
  const { enabled, urls } = config.webhooks;
  const warnings: string[] = [];
  if (enabled && urls.length === 0) {
    warnings.push('webhooks.enabled is true but webhooks.urls is empty: no webhook will be sent');
  }
  urls.forEach((url, index) => {
    const parsed = parseWebhookUrl(url);
    if (!parsed.ok || !isCleartextRemote(parsed.value)) return;
    warnings.push(
      `webhooks.urls[${index}]: ${describeTarget(parsed.value)} is http://, so the URL (and any token in it) and the payload travel unencrypted; use https://`,
    );
  });
  return warnings;
}
