// When the `?` key opens the help panel: not while typing in a text field, not with a
// modifier (Ctrl/Cmd/Alt shortcuts belong to the browser) and not over an open dialog. Pure,
// with structural types, so test/ can import it under Node.

/** The parts of an event target this module reads (an HTMLElement fits). */
export interface KeyTarget {
  tagName?: string;
  type?: string;
  isContentEditable?: boolean;
}

/** The parts of a keydown event this module reads (a KeyboardEvent fits). */
export interface HelpKeyEvent {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  isComposing?: boolean;
  defaultPrevented?: boolean;
  target: KeyTarget | null;
}

// Input types that take no typed text: `?` pressed on them types nothing.
const NON_TEXT_INPUTS = new Set([
  'checkbox',
  'radio',
  'button',
  'submit',
  'reset',
  'image',
  'range',
  'color',
  'file',
]);

/** True when keys typed at `target` become text (or pick an option, as in a select). */
export function isTextField(target: KeyTarget | null): boolean {
  if (!target) return false;
  if (target.isContentEditable) return true;
  const tag = (target.tagName ?? '').toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  return !NON_TEXT_INPUTS.has((target.type ?? 'text').toLowerCase());
}

/** True when this keydown should open the help panel. */
export function isHelpShortcut(event: HelpKeyEvent, dialogOpen: boolean): boolean {
  if (event.key !== '?') return false;
  if (event.ctrlKey || event.metaKey || event.altKey) return false;
  if (event.isComposing || event.defaultPrevented) return false;
  // A modal dialog makes the rest of the page inert; the panel would open behind it.
  if (dialogOpen) return false;
  return !isTextField(event.target);
}
