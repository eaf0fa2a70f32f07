/**
 * What an operator types to name a bridge (`clauster stop|restart|logs <ref>`), resolved against
 * a list of bridges: a full id, a unique id prefix like a git short hash (`br-` plus at least 4 of the
 * 12 id characters), or a project name. Invariant: a ref that could mean two different bridges
 * is refused with every candidate listed, never guessed; neither reading wins over the other,
 * because stopping (or showing) the wrong project's bridge is worse than asking for more.
 */
import { fail, ok, type Result } from '../result.js';
import { redactText } from '../security/redact.js';
import { BRIDGE_ID_RE, type BridgeStatus, isLiveStatus } from './record.js';

/** The fields of a bridge that resolution reads (the API, registry and `--json` shape). */
export interface BridgeRefCandidate {
  id: string;
  project: string;
  status: BridgeStatus;
  started_at: string;
}

/**
 * Which of a project's bridges its name means: `live` only its live one (stop), `live-or-newest`
 * its live one, else the one started last (logs), `newest-not-live` the one started last among
 * those that are not live (restart).
 */
export type ProjectPick = 'live' | 'live-or-newest' | 'newest-not-live';

export type BridgeRefErrorCode = 'too-short' | 'ambiguous' | 'not-found';

/** Characters an id prefix needs after `br-`. */
export const MIN_ID_PREFIX_CHARS = 4;

// `br-` and 0 to 12 base32 characters: the shape of a full id or of a prefix of one.
const ID_SHAPE_RE = /^br-[a-z2-7]{0,12}$/;

/**
 * Resolves `ref` to one bridge id. A full id that no listed bridge has is returned as given
 * (the caller checks that it exists), so a record pruned from the list still works by full id.
 */
export function resolveBridgeRef(
  ref: string,
  bridges: readonly BridgeRefCandidate[],
  pick: ProjectPick,
): Result<string, BridgeRefErrorCode> {
  const shown = JSON.stringify(redactText(ref));
  const idShaped = ID_SHAPE_RE.test(ref);
  const ofProject = bridges.filter((b) => b.project === ref);
  if (idShaped && ref.length < 3 + MIN_ID_PREFIX_CHARS && ofProject.length === 0) {
    return fail(
      'too-short',
      `${shown} is too short for a bridge id prefix: give at least ${MIN_ID_PREFIX_CHARS} characters after br- (see \`clauster status\`)`,
    );
  }
  const byId = idShaped && ref.length >= 3 + MIN_ID_PREFIX_CHARS;
  const idMatches = byId ? bridges.filter((b) => b.id.startsWith(ref)) : [];
  const projectMatch = pickProjectBridge(ofProject, pick);
  const candidates = uniqueById(projectMatch ? [...idMatches, projectMatch] : idMatches);
  const only = candidates[0];
  if (candidates.length > 1) return fail('ambiguous', describeAmbiguity(shown, candidates));
  if (only !== undefined) return ok(only.id);
  if (BRIDGE_ID_RE.test(ref)) return ok(ref);
  const live = { live: 'live ', 'live-or-newest': '', 'newest-not-live': 'stopped or crashed ' }[
    pick
  ];
  const detail = byId
    ? `no bridge id starts with ${shown}, and no project of that name has a ${live}bridge`
    : `project ${shown} has no ${live}bridge`;
  return fail('not-found', `${detail} (see \`clauster status\`)`);
}

/** What a stop acts on: one bridge by id, or a project by name. */
export type StopRef = { bridge: string } | { project: string };

/**
 * What a stop of `ref` acts on: the bridge an id or id prefix names, else the project of that
 * name, whose live bridge (else pending autostart retry) the dashboard picks in one step, so a
 * retry firing between this look and the stop cannot slip through. A listed project competes
 * with an id prefix even without a live bridge (its retry is what a stop would end): both
 * readings are refused as ambiguous. A ref that matches nothing listed goes by project too: a
 * project refused before it had any record can have a retry pending. Ambiguous and too-short
 * refs are refused as by resolveBridgeRef().
 */
export function resolveStopRef(
  ref: string,
  bridges: readonly BridgeRefCandidate[],
): Result<StopRef, BridgeRefErrorCode> {
  const listed = bridges.some((b) => b.project === ref);
  const resolved = resolveBridgeRef(ref, bridges, listed ? 'live-or-newest' : 'live');
  if (!resolved.ok) return resolved.code === 'not-found' ? ok({ project: ref }) : resolved;
  const ofProject = bridges.some((b) => b.id === resolved.value && b.project === ref);
  return ok(ofProject ? { project: ref } : { bridge: resolved.value });
}

/**
 * The refusal of a stop `ref` that is the name of a project with no listed bridge (its retry
 * may be pending) and also, by id, `bridge` of another project: neither reading wins.
 */
export function refuseProjectIdClash(
  ref: string,
  bridge: BridgeRefCandidate,
): { code: 'ambiguous'; detail: string } {
  const shown = JSON.stringify(redactText(ref));
  const detail = [
    `${shown} is a project's name and also matches a bridge by id; give the full id to stop the bridge (cancel the project's autostart retry with Stop retrying on its card):`,
    describeCandidate(bridge),
    `  project ${redactText(ref)}`,
  ].join('\n');
  return { code: 'ambiguous', detail };
}

/**
 * The bridge `ref` names among `bridges`: resolveBridgeRef(), then its record. A full id that
 * no listed bridge has is refused as not-found with `describeMissing(id)`, the caller's words.
 */
export function findBridgeByRef<T extends BridgeRefCandidate>(
  ref: string,
  bridges: readonly T[],
  pick: ProjectPick,
  describeMissing: (id: string) => string,
): Result<T, BridgeRefErrorCode> {
  const resolved = resolveBridgeRef(ref, bridges, pick);
  if (!resolved.ok) return resolved;
  const bridge = bridges.find((b) => b.id === resolved.value);
  return bridge === undefined ? fail('not-found', describeMissing(resolved.value)) : ok(bridge);
}

/** One candidate as a refusal lists it: indented id, project (redacted) and status. */
export function describeCandidate(bridge: BridgeRefCandidate): string {
  return `  ${bridge.id}  ${redactText(bridge.project)}  ${bridge.status}`;
}

function pickProjectBridge<T extends BridgeRefCandidate>(
  bridges: readonly T[],
  pick: ProjectPick,
): T | undefined {
  const newest = (list: readonly T[]) =>
    [...list].sort((a, b) => b.started_at.localeCompare(a.started_at))[0];
  if (pick === 'newest-not-live') return newest(bridges.filter((b) => !isLiveStatus(b.status)));
  const live = bridges.find((b) => isLiveStatus(b.status));
  if (live !== undefined || pick === 'live') return live;
  return newest(bridges);
}

function uniqueById<T extends BridgeRefCandidate>(bridges: readonly T[]): T[] {
  return bridges.filter((b, index) => bridges.findIndex((o) => o.id === b.id) === index);
}

function describeAmbiguity(shown: string, candidates: readonly BridgeRefCandidate[]): string {
  return [
    `${shown} matches ${candidates.length} bridges (by id prefix or project name); give more characters of the id, or the full id:`,
    ...candidates.map(describeCandidate),
  ].join('\n');
}
