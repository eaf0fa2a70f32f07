// CLAUDE.md editor: GET the file, edit it in a monospace textarea, PUT it back with the hash
// it was read at. When the disk changed meanwhile (409), the operator's text stays in place
// until they choose Reload. Closing with unsaved edits asks first; the edits are kept in memory
// as they are typed (claude-md-drafts.ts), so any close other than Save or "Discard changes"
// (the session ended, a second back gesture) leaves them to be offered back on the next opening.
// File text only ever goes through `.value` and `textContent`.

import { ApiError, describeError, requestJson } from './api.js';
import {
  type ClaudeMdDraft,
  dropClaudeMdDraft,
  keepClaudeMdDraft,
  takeClaudeMdDraft,
} from './claude-md-drafts.js';
import type { Project } from './contract.js';
import { dialogActions, formError, formField, openDialog, submitButton } from './dialog.js';
import { h, uniqueId } from './dom.js';
import { icon } from './icons.js';
import { toCrlf, usesCrlf } from './line-endings.js';
import { showToast } from './toasts.js';

/** The server's cap (src/projects/claude-md-text.ts); the server checks again. */
const MAX_BYTES = 256 * 1024;

type ClaudeMdFile =
  | { exists: false }
  | { exists: true; text: string; sha256: string; size: number; mtime: string };

const MESSAGES: Record<string, string> = {
  untrusted: 'Trust this project first: only a trusted project’s CLAUDE.md can be edited.',
  'too-large': 'CLAUDE.md can be at most 256 KiB.',
  'not-text': 'CLAUDE.md must be plain UTF-8 text.',
  'not-regular-file': 'CLAUDE.md is a link or not a regular file, so clauster leaves it alone.',
};

function explain(failure: unknown): string {
  const known = failure instanceof ApiError ? MESSAGES[failure.code] : undefined;
  return known
    ? `${known} ${failure instanceof ApiError ? failure.message : ''}`.trim()
    : describeError(failure);
}

/** The card action that opens the editor. */
export function claudeMdButton(project: Project): HTMLButtonElement {
  return h(
    'button',
    {
      class: 'btn btn-quiet',
      attrs: { type: 'button', title: `Read or edit ${project.name}/CLAUDE.md` },
      on: { click: () => openClaudeMdDialog(project) },
    },
    icon('file'),
    'CLAUDE.md',
  );
}

/** Opens the CLAUDE.md editor of a project. */
export function openClaudeMdDialog(project: Project): void {
  // The text the editor last took from the disk, as the textarea holds it (null: not loaded).
  let loadedText: string | null = null;
  const isEdited = () => loadedText !== null && text.value !== loadedText;
  // The kept copy always matches the editor, so whatever closes it (the session ended, a back
  // gesture) leaves the unsaved edits behind; Save and "Discard changes" drop the copy.
  const keepEdits = () => {
    if (isEdited()) keepClaudeMdDraft(project.name, { text: text.value, base, crlf });
    else dropClaudeMdDraft(project.name);
  };
  const handle = openDialog(`CLAUDE.md of ${project.name}`, 'dialog-wide claude-md-dialog', {
    hasUnsavedInput: isEdited,
    discardQuestion: 'Discard your unsaved changes to CLAUDE.md?',
    onDiscard: () => dropClaudeMdDraft(project.name),
  });
  const path = `api/projects/${encodeURIComponent(project.name)}/claude-md`;
  const textId = uniqueId('claude-md-text');
  const text = h('textarea', {
    id: textId,
    class: 'input mono claude-md-text',
    attrs: { spellcheck: 'false', autocapitalize: 'off', disabled: true },
  });
  const counter = h('span', { class: 'muted claude-md-size', attrs: { 'aria-live': 'polite' } });
  const note = h('p', { class: 'muted' });
  const error = formError();
  const reload = h('button', { class: 'btn', text: 'Reload', attrs: { type: 'button' } });
  const conflict = h(
    'div',
    { class: 'banner banner-warn claude-md-conflict', attrs: { hidden: true } },
    h('p', {
      text: 'CLAUDE.md changed on disk since you opened it. Your text is still below: copy what you need, then Reload to load the disk version (your edits are discarded).',
    }),
    reload,
  );
  const useDisk = h('button', {
    class: 'btn',
    text: 'Use the file on disk instead',
    attrs: { type: 'button' },
  });
  const restored = h(
    'div',
    { class: 'banner banner-note claude-md-conflict', attrs: { hidden: true, role: 'status' } },
    h('p', {
      text: 'Your unsaved text from the last time this editor was open is back below. It is not saved yet: press Save to keep it.',
    }),
    useDisk,
  );
  const save = submitButton('Save');
  const form = h(
    'form',
    { class: 'form' },
    note,
    restored,
    conflict,
    formField(['CLAUDE.md text ', counter], text),
    error,
    dialogActions(handle, save),
  );
  let base: string | null = null;
  let loaded = false;
  // The textarea turns CRLF into LF: a file whose breaks were all CRLF is saved with CRLF.
  let crlf = false;
  const outgoing = () => (crlf ? toCrlf(text.value) : text.value);

  const updateCounter = () => {
    const size = new TextEncoder().encode(outgoing()).length;
    counter.textContent = `${size.toLocaleString()} / ${MAX_BYTES.toLocaleString()} bytes`;
    counter.classList.toggle('claude-md-over', size > MAX_BYTES);
    save.disabled = !loaded || size > MAX_BYTES;
  };

  // Loads the file; a kept draft then replaces its text, edited from the hash it was read at,
  // so a file changed meanwhile shows the conflict banner and a Save answers 409.
  const load = async (draft?: ClaudeMdDraft) => {
    error.textContent = '';
    try {
      const file = await requestJson<ClaudeMdFile>('GET', path);
      text.value = file.exists ? file.text : '';
      loadedText = text.value;
      base = file.exists ? file.sha256 : null;
      crlf = file.exists && usesCrlf(file.text);
      restored.hidden = draft === undefined;
      conflict.hidden = draft === undefined || draft.base === base;
      if (draft) {
        text.value = draft.text;
        base = draft.base;
        crlf = draft.crlf;
      }
      loaded = true;
      text.disabled = false;
      note.textContent = file.exists
        ? `Instructions claude follows in ${project.name}.`
        : 'This project has no CLAUDE.md yet; saving creates it.';
      if (!project.trusted) note.textContent += ' Trust the project to save changes.';
    } catch (failure) {
      error.textContent = explain(failure);
      if (draft) keepClaudeMdDraft(project.name, draft);
    }
    if (loaded) keepEdits();
    updateCounter();
  };

  const submit = async () => {
    if (save.disabled) return;
    save.disabled = true;
    error.textContent = '';
    try {
      await requestJson('PUT', path, { text: outgoing(), base_sha256: base });
      dropClaudeMdDraft(project.name);
      handle.close();
      showToast(`Saved CLAUDE.md of ${project.name}.`);
    } catch (failure) {
      if (failure instanceof ApiError && failure.code === 'claude-md-conflict') {
        conflict.hidden = false;
        reload.focus();
      } else error.textContent = explain(failure);
      updateCounter();
    }
  };

  text.addEventListener('input', () => {
    updateCounter();
    keepEdits();
  });
  reload.addEventListener('click', () => void load().then(() => text.focus()));
  useDisk.addEventListener('click', () => void load().then(() => text.focus()));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void submit();
  });
  handle.dialog.addEventListener('keydown', (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
      event.preventDefault();
      void submit();
    }
  });
  handle.body.appendChild(form);
  updateCounter();
  void load(takeClaudeMdDraft(project.name)).then(() => text.focus());
}
