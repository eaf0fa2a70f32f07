// The words an operator reads for a failed request: a plain sentence per error code, the
// server's detail when it adds something, then what to do when the form can fix it. Pure (no
// DOM), so it is tested in test/web/.

export interface Failure {
  code: string;
  /** The server's own message (may be empty). */
  message: string;
  status: number;
}

// Plain-language text for the codes the contract names; the server's own message follows it
// when it adds something (e.g. which option was invalid).
const FRIENDLY: Record<string, string> = {
  'bad-credentials': 'That password is not right.',
  throttled: 'Too many attempts.',
  unauthenticated: 'Your session has ended. Please log in again.',
  'already-running': 'This project already has a running bridge.',
  'bridged-elsewhere':
    'A claude remote-control started outside clauster already serves this project.',
  untrusted: 'Trust this project first, then start it.',
  'max-bridges': 'The maximum number of running bridges is reached. Stop one first.',
  'bypass-refused': 'Skipping permission checks is not allowed for this project.',
  'unknown-project': 'This project no longer exists under the projects folder.',
  'invalid-option': 'One of the options is not valid.',
  'no-url': 'The bridge has no connect link yet.',
  'projects-root-unavailable':
    'The projects folder (projects_root in clauster.yml) is missing or unreadable.',
  'binary-not-found': 'The claude command was not found. Set claude.binary in clauster.yml.',
  'spawn-failed': 'The claude process could not be started.',
  'registry-write-failed':
    'clauster could not save its list of bridges (in state_dir), so it did not start the bridge.',
  'claude-config-invalid': 'Your ~/.claude.json could not be read, so it was left untouched.',
  'supervisor-closed': 'clauster is shutting down.',
  'still-launching': 'The bridge is being launched. Stop it again in a moment.',
  unavailable: 'clauster is not ready for this yet. Try again in a moment.',
  'bad-origin':
    'The server refused this page’s address. Add it to auth.allowed_origins in clauster.yml.',
  'bad-host': 'The server refused this host name. Add it to auth.allowed_origins in clauster.yml.',
  'bridge-live': 'This bridge is still running. Stop it first.',
  'unknown-bridge': 'This bridge no longer exists.',
  'unknown-job': 'This clone job no longer exists.',
  'clone-refused': 'That repository address is not allowed.',
  'project-exists': 'That folder name is taken.',
  'invalid-project-name': 'That folder name is not allowed.',
  'git-init-failed': 'git init did not succeed.',
  'git-too-old': 'The server’s git is too old to clone this safely.',
  'git-version-unknown': 'The server could not tell which git it has, so it will not clone this.',
  'create-failed': 'The project folder could not be created on the server.',
  'feature-disabled': 'This feature is switched off in clauster.yml.',
  'live-set-unknown':
    'Could not tell which environments are still in use, so nothing was listed or changed.',
  'reaper-api-failed': 'The Claude environments service did not answer as expected.',
  'reaper-credentials':
    'No usable Claude login was found. Log in with `claude` as the user clauster runs as.',
  'not-found': 'Not found. It may have been removed.',
  network: 'Could not reach clauster. Check that it is running and the network is up.',
};

// Codes whose plain sentence says it all: the server's text is an internal detail there (the
// 401 body's "authentication required", a password check's reason).
const OWN_WORDS = new Set(['bad-credentials', 'network', 'unauthenticated']);

// What to do next, said last, for failures the operator fixes in the form they just sent.
const NEXT_STEP: Record<string, string> = {
  'project-exists': 'Type a different Folder name and try again.',
};

/** Operator-facing text for a failed request. */
export function describeFailure(failure: Failure): string {
  const friendly = FRIENDLY[failure.code];
  if (!friendly) return failure.message || `Request failed (${failure.status}).`;
  const next = NEXT_STEP[failure.code];
  const parts = [friendly];
  if (failure.message && !OWN_WORDS.has(failure.code) && !sameText(friendly, failure.message)) {
    parts.push(next ? asSentence(failure.message) : failure.message);
  }
  if (next) parts.push(next);
  return parts.join(' ');
}

function sameText(a: string, b: string): boolean {
  const norm = (s: string) => s.toLowerCase().replace(/[^a-z]/g, '');
  return norm(a).includes(norm(b)) || norm(b).includes(norm(a));
}

// "project x exists" → "Project x exists." so a sentence can follow it.
function asSentence(text: string): string {
  const trimmed = text.trim();
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}
