/**
 * Readiness and failure markers in a bridge's `--debug-file` (claude-cli.md §5.2). Pure: the
 * supervisor feeds complete lines and keeps the returned state.
 */

export interface DebugMarkers {
  /** The registered environment id (`environment_id=env_…` / `environmentId=env_…`). */
  environmentId: string | null;
  /** `[bridge:work] Starting poll loop` was logged. */
  pollLoopStarted: boolean;
  /** The workspace trust gate refused the directory. */
  workspaceNotTrusted: boolean;
  /** The last fatal error message, e.g. from `Fatal bridge error: …`. */
  fatalError: string | null;
}

const ENV_ID_RE = /\benvironment(?:_id|Id)=(env_[A-Za-z0-9]+)/;
const FATAL_RE = /Fatal bridge error: (.+)$/;
const ERROR_LEVEL_RE = /^\S+ \[ERROR\] (.+)$/;

/** The state before any line was read. */
export function createDebugMarkers(): DebugMarkers {
  return {
    environmentId: null,
    pollLoopStarted: false,
    workspaceNotTrusted: false,
    fatalError: null,
  };
}

/** Folds complete debug-log lines into the marker state (later lines win). */
export function scanDebugLines(lines: readonly string[], previous: DebugMarkers): DebugMarkers {
  const next = { ...previous };
  for (const line of lines) {
    const env = ENV_ID_RE.exec(line);
    if (env?.[1] !== undefined) next.environmentId = env[1];
    if (line.includes('Starting poll loop')) next.pollLoopStarted = true;
    if (line.includes('Workspace not trusted')) next.workspaceNotTrusted = true;
    const fatal = FATAL_RE.exec(line) ?? ERROR_LEVEL_RE.exec(line);
    if (fatal?.[1] !== undefined) next.fatalError = fatal[1].trim();
  }
  return next;
}

/** True once the log shows a registered environment and a running poll loop. */
export function isBridgeReady(markers: DebugMarkers): boolean {
  return markers.environmentId !== null && markers.pollLoopStarted;
}
