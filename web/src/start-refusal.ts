// What the start dialog says when the server refuses to start a project it does not trust.
// Trust withdrawn outside clauster (in ~/.claude.json, or by the claude CLI) leaves Start on
// the card until the list is re-read: say what to press on this page. The API's own message
// names the CLI as well; the page needs only its own button. An unreadable ~/.claude.json is
// not `untrusted` but its own code (claude-config-invalid), shown like any other failure.

/** Why a project cannot start while it is not trusted, in the page's own words. */
export const NOT_TRUSTED_TEXT =
  'Claude Code does not trust this project any more, so it cannot start. Close this dialog, press Trust… on its card in Projects, then start it again.';

/** The text for a start refused with code `untrusted`, or null for any other failure. */
export function untrustedStartText(failure: unknown): string | null {
  if (typeof failure !== 'object' || failure === null) return null;
  const { code, message } = failure as { code?: unknown; message?: unknown };
  if (code !== 'untrusted') return null;
  // The server's reason ("the claude CLI does not trust …") is what the text already says; any
  // other reason is kept, because pressing Trust… may not be enough then.
  const reason = typeof message === 'string' && message !== '' ? message : '';
  return reason === '' || reason.includes('does not trust')
    ? NOT_TRUSTED_TEXT
    : `${NOT_TRUSTED_TEXT} (${reason})`;
}
