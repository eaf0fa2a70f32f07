// Plain-language names for permission and spawn modes, shared by the start dialog and the
// bridge view.

export type PermissionMode =
  | 'inherit'
  | 'default'
  | 'plan'
  | 'acceptEdits'
  | 'auto'
  | 'dontAsk'
  | 'bypassPermissions';

/** Short label of each permission mode ("Ask before changes"). */
export const PERMISSION_LABEL: Record<PermissionMode, string> = {
  default: 'Ask before changes',
  plan: 'Plan only',
  acceptEdits: 'Accept edits',
  auto: 'Automatic',
  dontAsk: 'Never ask',
  bypassPermissions: 'Skip all permission checks',
  inherit: 'Claude’s own setting',
};

/** Short label of each spawn mode. */
export const SPAWN_LABEL: Record<'same-dir' | 'worktree' | 'session', string> = {
  'same-dir': 'Shared folder',
  worktree: 'Worktree per session',
  session: 'Single session',
};

/** "Ask before changes (default)": the words, then the value the CLI uses. */
export function describeMode(labels: Readonly<Record<string, string>>, value: string): string {
  const label = labels[value];
  return label ? `${label} (${value})` : value;
}
