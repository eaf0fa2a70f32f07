// Modal dialogs on the native <dialog> element: focus is trapped and Escape closes it (after
// asking, when typed input would be lost). Also the parts their forms share: fields, a checkbox
// row, the error line and the submit button.

import { createDiscardQuestion } from './discard-question.js';
import { h, type Props, uniqueId } from './dom.js';
import { icon } from './icons.js';

export interface DialogHandle {
  dialog: HTMLDialogElement;
  body: HTMLElement;
  /** The × button beside the title, when `closeLabel` asked for one. */
  closeButton: HTMLButtonElement | null;
  /** Closes at once (after a save, or when the session ended). */
  close(): void;
  /** Closes as the operator asked (Cancel, Escape, a tap outside): asks first when
   * `hasUnsavedInput` says typed input would be lost. */
  requestClose(): void;
}

export interface DialogOptions {
  /** True while the dialog holds typed input worth keeping. */
  hasUnsavedInput?: () => boolean;
  /** The question asked before such input is thrown away. */
  discardQuestion?: string;
  /** Runs when the operator chose to discard, just before the dialog closes. */
  onDiscard?: () => void;
  /** Puts a × button beside the title, with this accessible name; it closes as Escape does. */
  closeLabel?: string;
}

/** Opens a modal with a title and body; removed from the page when closed. */
export function openDialog(
  title: string,
  className = '',
  options: DialogOptions = {},
): DialogHandle {
  const titleId = uniqueId('dialog-title');
  const body = h('div', { class: 'dialog-body' });
  const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const heading = h('h2', { id: titleId, class: 'dialog-title', text: title });
  const closeButton =
    options.closeLabel === undefined
      ? null
      : h(
          'button',
          { class: 'icon-btn', attrs: { type: 'button', 'aria-label': options.closeLabel } },
          icon('close'),
        );
  const dialog = h(
    'dialog',
    { class: `dialog ${className}`.trim(), attrs: { 'aria-labelledby': titleId } },
    closeButton ? h('div', { class: 'dialog-head' }, heading, closeButton) : heading,
    body,
  );
  dialog.addEventListener('close', () => {
    dialog.remove();
    if (previous?.isConnected) previous.focus();
  });
  const unsaved = () => options.hasUnsavedInput?.() === true;
  const question = createDiscardQuestion(
    body,
    options.discardQuestion ?? 'Discard what you typed?',
    () => {
      options.onDiscard?.();
      dialog.close();
    },
  );
  const requestClose = () => {
    if (unsaved()) question.ask();
    else dialog.close();
  };
  closeButton?.addEventListener('click', requestClose);
  // A click on the backdrop (outside the box) closes, as people expect on phones.
  dialog.addEventListener('click', (event) => {
    if (event.target === dialog) requestClose();
  });
  // Escape: handled here, because Chromium lets a page cancel the dialog's own close only
  // once per user activation; a second Escape would otherwise close it without asking.
  dialog.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape' || !(unsaved() || question.asking)) return;
    event.preventDefault();
    if (question.asking) question.dismiss();
    else question.ask();
  });
  dialog.addEventListener('cancel', (event) => {
    if (!unsaved()) return;
    event.preventDefault();
    question.ask();
  });
  document.body.appendChild(dialog);
  dialog.showModal();
  return { dialog, body, closeButton, close: () => dialog.close(), requestClose };
}

/** Closes every open dialog without asking: the session ended and the login form must be
 * reachable. Nothing is kept here: a dialog worth keeping keeps its text as it is typed (the
 * CLAUDE.md editor's input listener keeps the draft). */
export function closeAllDialogs(): void {
  for (const dialog of document.querySelectorAll<HTMLDialogElement>('dialog[open]')) {
    dialog.close();
  }
}

export interface ConfirmOptions {
  title: string;
  message: (Node | string)[];
  confirmLabel: string;
  danger?: boolean;
  /** When set, the operator must type exactly this word before confirming. */
  typed?: string;
}

/** Asks a yes/no question; resolves true only on the confirm button. */
export function confirmDialog(options: ConfirmOptions): Promise<boolean> {
  return new Promise((resolve) => {
    const handle = openDialog(options.title, options.danger ? 'dialog-danger' : '');
    let answer = false;
    const confirm = h('button', {
      class: options.danger ? 'btn btn-danger' : 'btn btn-primary',
      text: options.confirmLabel,
      attrs: { type: 'submit' },
    });
    const form = h('form', { attrs: { method: 'dialog' } });
    for (const part of options.message) {
      form.appendChild(typeof part === 'string' ? h('p', { text: part }) : part);
    }
    if (options.typed) form.appendChild(typedField(options.typed, confirm));
    form.appendChild(dialogActions(handle, confirm));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (confirm.disabled) return;
      answer = true;
      handle.close();
    });
    handle.body.appendChild(form);
    handle.dialog.addEventListener('close', () => resolve(answer));
    (form.querySelector('input') ?? confirm).focus();
  });
}

/** The row under a dialog's form: a Cancel button that closes `handle`, then `confirm`. */
export function dialogActions(handle: DialogHandle, confirm: HTMLButtonElement): HTMLElement {
  return h(
    'div',
    { class: 'dialog-actions' },
    h('button', {
      class: 'btn',
      text: 'Cancel',
      attrs: { type: 'button' },
      on: { click: () => handle.requestClose() },
    }),
    confirm,
  );
}

/** A text field that keeps `button` disabled until `word` is typed exactly. */
export function typedField(word: string, button: HTMLButtonElement): HTMLElement {
  const input = textInput(uniqueId('typed'), 'input mono');
  button.disabled = true;
  input.addEventListener('input', () => {
    button.disabled = input.value !== word;
  });
  return formField(['Type ', h('code', { text: word }), ' to confirm'], input);
}

/** A text input the browser leaves alone: no autocomplete, autocapitalize or spell check. */
export function textInput(id: string, className: string, attrs: Props['attrs'] = {}) {
  return h('input', {
    id,
    class: className,
    attrs: {
      type: 'text',
      autocomplete: 'off',
      autocapitalize: 'off',
      spellcheck: 'false',
      ...attrs,
    },
  });
}

/** A form's error line, read out when its text changes (role=alert). */
export function formError(): HTMLParagraphElement {
  return h('p', { class: 'form-error', attrs: { role: 'alert' } });
}

/** A form's primary submit button, disabled until the form is ready. */
export function submitButton(label: string): HTMLButtonElement {
  return h('button', {
    class: 'btn btn-primary',
    text: label,
    attrs: { type: 'submit', disabled: true },
  });
}

/** A labelled field: the label is for `control` (by its id); `extra` (a hint…) follows it. */
export function formField(
  label: string | (Node | string)[],
  control: HTMLElement,
  ...extra: HTMLElement[]
): HTMLElement {
  const text = typeof label === 'string' ? [label] : label;
  return h(
    'div',
    { class: 'field' },
    h('label', { attrs: { for: control.id } }, ...text),
    control,
    ...extra,
  );
}

/** A checkbox with its label on one row. */
export function checkboxRow(idPrefix: string, label: string) {
  const input = h('input', { id: uniqueId(idPrefix), attrs: { type: 'checkbox' } });
  const row = h(
    'div',
    { class: 'check' },
    input,
    h('label', { attrs: { for: input.id }, text: label }),
  );
  return { input, row };
}
