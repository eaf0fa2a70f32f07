/**
 * What the `clauster mcp` tools return. Invariant: outputs are structural — never a connect
 * URL, session URL, session id or token: a bridge's `url` becomes the boolean
 * `has_connect_url`, and free text (a bridge's reason and session name, dashboard error
 * messages) passes through the redactor before it leaves. An error text is masked and has
 * its controls escaped (`\u202e`), never stripped: stripped, a refused name could read as
 * another, valid one.
 */
import { adviceFor } from '../bridges/reason-advice.js';
import { type Bridge, liveConnectUrl } from '../bridges/record.js';
import type { BridgeResources } from '../bridges/resource-usage.js';
import type { ProjectView } from '../projects/project-view.js';
import { fail, type Result } from '../result.js';
import { redactText } from '../security/redact.js';
import { showText } from '../security/show-text.js';

/** What a tool handler answers: a JSON object, or a refusal the agent can act on. */
export type ToolAnswer = Result<Record<string, unknown>, 'refused'>;

/** A bridge as clauster knows it, with the extras `clauster status --json` adds. */
export type KnownBridge = Bridge & { alive?: boolean; resources?: BridgeResources | null };

/** A tool's refusal: assignable to any step's Result, so it can be returned as is. */
export type Refusal = { ok: false; code: 'refused'; detail: string };

/** The longest error text `clauster mcp` sends; the rest is cut (`…`). */
export const MAX_ERROR_TEXT = 8192;

/**
 * An error text as it may leave `clauster mcp`: each line masked and its controls and
 * invisible characters escaped (showText), the line breaks between lines kept (a refusal
 * listing candidates has one per line), cut to MAX_ERROR_TEXT. Applying it twice changes
 * nothing more, so a refusal may pass through it again on the way out.
 */
export function showErrorText(text: string): string {
  const shown = text.split('\n').map(showText).join('\n');
  if (shown.length <= MAX_ERROR_TEXT) return shown;
  // Cut after masking (no secret cut short of its rule and shown), never inside an escape.
  return `${shown.slice(0, MAX_ERROR_TEXT - 1).replace(/\\(?:u[0-9a-fA-F]{0,3})?$/, '')}…`;
}

/** A refusal whose message is masked and control-escaped here, whatever it was built from. */
export function refuse(message: string): Refusal {
  return fail('refused', showErrorText(message));
}

/**
 * The structural view of a bridge: an allowlist of fields (a field added to the API later is
 * not passed on until it is listed here), `url` replaced by `has_connect_url`.
 */
export function toStructuralBridge(bridge: KnownBridge) {
  return {
    id: bridge.id,
    project: bridge.project,
    status: bridge.status,
    ...(bridge.alive === undefined ? {} : { alive: bridge.alive }),
    has_connect_url: liveConnectUrl(bridge) !== null,
    pid: bridge.pid,
    started_at: bridge.started_at,
    stopped_at: bridge.stopped_at,
    reason: bridge.reason === null ? null : redactText(bridge.reason),
    advice: adviceFor(bridge.reason),
    permission_mode: bridge.permission_mode,
    spawn_mode: bridge.spawn_mode,
    name: bridge.name === null ? null : redactText(bridge.name),
    capacity: bridge.capacity,
    adopted: bridge.adopted === true,
    ...(bridge.resources === undefined ? {} : { resources: bridge.resources }),
  };
}

/** The structural view of a project (an allowlist too): its bridge without the connect URL. */
export function toStructuralProject(project: ProjectView) {
  return {
    name: project.name,
    path: project.path,
    trusted: project.trusted,
    trust_reason: project.trust_reason,
    git: project.git,
    allow_bypass_permissions: project.allow_bypass_permissions,
    bridge: project.bridge === null ? null : toStructuralBridge(project.bridge),
    external_bridge: project.external_bridge && { pid: project.external_bridge.pid },
    last_used_at: project.last_used_at,
  };
}
