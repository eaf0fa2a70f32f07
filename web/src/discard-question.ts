// The question a dialog asks before it throws away what the operator typed: it takes the place
// of the dialog's button row until answered, so a stray tap or Escape never loses work. Plain
// DOM, not window.confirm: it stays inside the modal, with the page's styles and focus rules.

import { h, uniqueId } from './dom.js';

export interface DiscardQuestion {
  /** True while the question is on screen. */
  readonly asking: boolean;
  /** Shows the question in place of the button row and focuses "Keep editing". */
  ask(): void;
  /** Takes the question away again and puts focus back where it was. */
  dismiss(): void;
}

/** Builds the question for the dialog body `body`; `discard` runs on "Discard changes". */
export function createDiscardQuestion(
  body: HTMLElement,
  question: string,
  discard: () => void,
): DiscardQuestion {
  let row: HTMLElement | null = null;
  let shown: HTMLElement | null = null;
  let returnTo: HTMLElement | null = null;

  function dismiss(): void {
    if (!shown) return;
    shown.remove();
    shown = null;
    if (row) row.hidden = false;
    const target = returnTo?.isConnected ? returnTo : row?.querySelector('button');
    target?.focus();
  }

  function ask(): void {
    if (shown) {
      shown.querySelector<HTMLButtonElement>('.btn-primary')?.focus();
      return;
    }
    returnTo = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const textId = uniqueId('discard-question');
    const keep = h('button', {
      class: 'btn btn-primary',
      text: 'Keep editing',
      attrs: { type: 'button' },
      on: { click: dismiss },
    });
    shown = h(
      'div',
      {
        class: 'dialog-actions discard-question',
        attrs: { role: 'group', 'aria-labelledby': textId },
      },
      h('p', { id: textId, text: question }),
      h('button', {
        class: 'btn btn-danger',
        text: 'Discard changes',
        attrs: { type: 'button' },
        on: { click: discard },
      }),
      keep,
    );
    // The visible button row of the dialog (a form's last one), hidden while asking.
    const rows = body.querySelectorAll<HTMLElement>('.dialog-actions:not([hidden])');
    row = rows[rows.length - 1] ?? null;
    if (row) {
      row.hidden = true;
      row.after(shown);
    } else body.append(shown);
    shown.scrollIntoView({ block: 'nearest' });
    keep.focus();
  }

  return {
    get asking() {
      return shown !== null;
    },
    ask,
    dismiss,
  };
}
