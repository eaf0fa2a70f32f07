/**
 * Rules for the `webhooks:` section. Invariant: every `webhooks.urls` entry is an absolute
 * http(s) URL without a fragment, checked at load so every command refuses the same config;
 * a refused URL is shown with its userinfo, path and query masked (they often hold tokens).
 */
import { maskUrl, parseWebhookUrl } from '../security/webhook-target.js';
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

/** Webhooks switched on with nowhere to send them: legal, but surely not what was meant. */
export function listWebhookWarnings(config: Config): string[] {
  const { enabled, urls } = config.webhooks;
  if (!enabled || urls.length > 0) return [];
  return ['webhooks.enabled is true but webhooks.urls is empty: no webhook will be sent'];
}
