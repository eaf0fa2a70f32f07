/**
 * The connect URL `clauster open <ref>` may show: the recorded URL of a bridge that is alive
 * right now. Invariant: a URL is returned only when it is exactly one claude.ai/code connect
 * URL (bridges.json can be edited on disk, and a QR code of a foreign URL would be a phishing
 * vector); refusals name the bridge, its project and status, never a URL.
 */
import { fail, ok, type Result } from '../result.js';
import { redactText } from '../security/redact.js';
import { type BridgeRefErrorCode, describeCandidate, findBridgeByRef } from './bridge-ref.js';
import type { BridgeWithLiveness } from './liveness.js';
import { type BridgeStatus, isLiveStatus } from './record.js';
import { isConnectUrl } from './url.js';

/** What `clauster open --json` prints. */
export interface ConnectTarget {
  bridge: string;
  project: string;
  status: BridgeStatus;
  url: string;
}

export type ConnectTargetErrorCode = BridgeRefErrorCode | 'not-running' | 'no-url' | 'bad-url';

/**
 * Resolves `ref` (project name, full id or unique id prefix) among the recorded bridges and
 * returns its connect URL. A project name means its alive bridge; two alive ones are refused.
 */
export function resolveConnectTarget(
  ref: string,
  bridges: readonly BridgeWithLiveness[],
): Result<ConnectTarget, ConnectTargetErrorCode> {
  const aliveOfProject = bridges.filter((b) => b.project === ref && b.alive);
  if (aliveOfProject.length > 1) return fail('ambiguous', describeSeveralAlive(aliveOfProject));
  // Alive bridges first, so a project name picks its alive bridge over a stale live record.
  const ordered = [...bridges.filter((b) => b.alive), ...bridges.filter((b) => !b.alive)];
  const found = findBridgeByRef(ref, ordered, 'live-or-newest', describeMissing);
  if (!found.ok) return found;
  const bridge = found.value;
  const url = readConnectUrl(bridge);
  if (!url.ok) return url;
  return ok({ bridge: bridge.id, project: bridge.project, status: bridge.status, url: url.value });
}

// The bridge's URL when it may be shown, else why not.
function readConnectUrl(bridge: BridgeWithLiveness): Result<string, ConnectTargetErrorCode> {
  const project = redactText(bridge.project);
  const start = `start it with \`clauster start ${project}\``;
  if (!bridge.alive) {
    const detail = isLiveStatus(bridge.status)
      ? `bridge ${bridge.id} (${project}) is recorded as ${bridge.status} but its process is gone; ${start}`
      : `bridge ${bridge.id} (${project}) is ${bridge.status}; ${start}`;
    return fail('not-running', detail);
  }
  if (bridge.url === null) {
    const why =
      bridge.status === 'starting'
        ? 'it is starting; try again in a few seconds'
        : `it is ${bridge.status}; see \`clauster logs ${bridge.id}\``;
    return fail('no-url', `bridge ${bridge.id} (${project}) has no connect URL yet (${why})`);
  }
  // The URL is never echoed: it is a secret, and here possibly a hostile one.
  if (!isConnectUrl(bridge.url)) {
    return fail(
      'bad-url',
      `bridge ${bridge.id} (${project}) has a recorded URL that is not a claude.ai/code connect URL; refusing to show it (was bridges.json edited? restart the bridge to record a fresh one)`,
    );
  }
  return ok(bridge.url);
}

function describeMissing(id: string): string {
  return `no bridge ${id} in bridges.json (see \`clauster status\`)`;
}

function describeSeveralAlive(bridges: readonly BridgeWithLiveness[]): string {
  const first = bridges[0] as BridgeWithLiveness;
  return [
    `project ${JSON.stringify(redactText(first.project))} has ${bridges.length} live bridges; give the bridge id:`,
    ...bridges.map(describeCandidate),
  ].join('\n');
}
