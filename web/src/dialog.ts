// Modal dialogs on the native <dialog> element: focus is trapped and Escape closes it.

import { h, uniqueId } from './dom.js';

export interface DialogHandle {
  dialog: HTMLDialogElement;
  body: HTMLElement;
  close(): void;
}

/** Opens a modal with a title and body; removed from the page when closed. */
export function openDialog(title: string, className = ''): DialogHandle {
  const titleId = uniqueId('dialog-title');
  const body = h('div', { class: 'dialog-body' });
  const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const dialog = h(
    'dialog',
    { class: `dialog ${className}`.trim(), attrs: { 'aria-labelledby': titleId } },
    h('h2', { id: titleId, class: 'dialog-title', text: title }),
    body,
  );
  dialog.addEventListener('close', () => {
    dialog.remove();
    if (previous?.isConnected) previous.focus();
  });
  // A click on the backdrop (outside the box) closes, as people expect on phones.
  dialog.addEventListener('click', (event) => {
    if (event.target === dialog) dialog.close();
  });
  document.body.appendChild(dialog);
  dialog.showModal();
  return { dialog, body, close: () => dialog.close() };
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
      on: { click: () => handle.close() },
    }),
    confirm,
  );
}

/** A text field that keeps `button` disabled until `word` is typed exactly. */
export function typedField(word: string, button: HTMLButtonElement): HTMLElement {
  const id = uniqueId('typed');
  const input = h('input', {
    id,
    class: 'input mono',
    attrs: { type: 'text', autocomplete: 'off', autocapitalize: 'off', spellcheck: 'false' },
  });
  button.disabled = true;
  input.addEventListener('input', () => {
    button.disabled = input.value !== word;
  });
  return h(
    'div',
    { class: 'field' },
    h('label', { attrs: { for: id } }, 'Type ', h('code', { text: word }), ' to confirm'),
    input,
  );
}
