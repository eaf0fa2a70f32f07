// Unsaved CLAUDE.md text, kept on every edit while its editor is open so that a close other
// than Save or "Discard changes" (the session ended under it, a second back gesture) loses
// nothing: offered back when that project's editor opens again.
// Kept in this tab's memory only, never in web storage: it survives logging in again (no page
// load) but not a reload or a closed tab, and nothing of the project is left on the device.

export interface ClaudeMdDraft {
  text: string;
  /** sha256 of the file the text was edited from (null: there was no file). */
  base: string | null;
  /** The file used CRLF line breaks. */
  crlf: boolean;
}

const drafts = new Map<string, ClaudeMdDraft>();

/** Keeps `draft` as the unsaved text of `project` (replacing an older one). */
export function keepClaudeMdDraft(project: string, draft: ClaudeMdDraft): void {
  drafts.set(project, { ...draft });
}

/** Hands back the kept text of `project` once: it is forgotten here. */
export function takeClaudeMdDraft(project: string): ClaudeMdDraft | undefined {
  const draft = drafts.get(project);
  drafts.delete(project);
  return draft;
}

/** Forgets the kept text of `project` (saved, or the operator chose to discard it). */
export function dropClaudeMdDraft(project: string): void {
  drafts.delete(project);
}

/** The projects with kept text, in the order they were kept. */
export function listClaudeMdDrafts(): string[] {
  return [...drafts.keys()];
}

/** The login page's note about kept text of `projects`; null when there is none. */
export function describeKeptDrafts(projects: readonly string[]): string | null {
  if (projects.length === 0) return null;
  const names = projects.join(', ');
  const which = projects.length === 1 ? 'that project' : 'each of these projects';
  return `Your unsaved CLAUDE.md changes (${names}) are kept in this tab. Log in, then open CLAUDE.md of ${which} again to get them back and save them.`;
}
