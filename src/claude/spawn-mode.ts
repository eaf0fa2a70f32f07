/**
 * The spawn mode the claude CLI saved for a directory (claude-cli.md §3 rows 9–10, §4.2):
 * `projects[<cwd>].remoteControlSpawnMode` in `.claude.json`, which a `claude remote-control`
 * started without `--spawn` runs with. Invariant: only a value the CLI itself writes is
 * returned; anything else reads as "nothing saved", never as a guess.
 */
import { type ClaudeConfig, normalizeProjectKey, readAt } from './trust-state.js';

/** The values the CLI saves (the prompt's two choices). */
export type SavedSpawnMode = 'same-dir' | 'worktree';

const SAVED_MODES: ReadonlySet<string> = new Set(['same-dir', 'worktree']);

/** The saved spawn mode of `dir` (keyed like trust: absolute, normalised), or null. */
export function readSavedSpawnMode(
  config: ClaudeConfig | null,
  dir: string,
): SavedSpawnMode | null {
  if (config === null) return null;
  const mode = readAt(config, ['projects', normalizeProjectKey(dir), 'remoteControlSpawnMode']);
  return typeof mode === 'string' && SAVED_MODES.has(mode) ? (mode as SavedSpawnMode) : null;
}

/**
 * The spawn mode a bridge started without `--spawn` in `dir` runs with: the saved one, except
 * that a saved `worktree` outside a git repository falls back to `same-dir` (as the CLI warns);
 * `same-dir` when nothing (or nothing known) is saved.
 */
export function resolveUnflaggedSpawnMode(
  config: ClaudeConfig | null,
  dir: string,
  git: boolean,
): SavedSpawnMode {
  const saved = readSavedSpawnMode(config, dir);
  return saved === 'worktree' && git ? 'worktree' : 'same-dir';
}
