// "Start" dialog: permission mode in plain words, spawn mode, capacity, optional name. Skipping
// permission checks is offered only where the project allows it, and only after typing it.
// "Start again" opens it pre-filled with a stopped bridge's options; the server still decides.

import { describeError, requestJson } from './api.js';
import { refreshProjects } from './bridge-actions.js';
import type { Bridge, Project } from './contract.js';
import { dialogActions, formError, formField, openDialog, textInput } from './dialog.js';
import { h, uniqueId } from './dom.js';
import {
  BYPASS,
  BYPASS_CHOICE,
  type Choice,
  PERMISSION_CHOICES,
  SPAWN_CHOICES,
} from './start-choices.js';
import { untrustedStartText } from './start-refusal.js';
import { markBridgeEvents, putBridge } from './state.js';

interface StartDialogOptions {
  /** A stopped bridge whose options fill the form ("Start again"). */
  from?: Bridge | null;
}

/** Opens the start dialog; `onStarted` gets the new bridge. */
export function openStartDialog(
  project: Project,
  onStarted: (bridge: Bridge) => void,
  options: StartDialogOptions = {},
): void {
  const handle = openDialog(`Start ${project.name}`, 'dialog-wide');
  const choices = project.allow_bypass_permissions
    ? [...PERMISSION_CHOICES, BYPASS_CHOICE]
    : PERMISSION_CHOICES;
  const error = formError();
  const submit = h('button', {
    class: 'btn btn-primary',
    text: 'Start bridge',
    attrs: { type: 'submit' },
  });
  const typedId = uniqueId('bypass-confirm');
  const typed = textInput(typedId, 'input mono');
  const typedBox = h(
    'div',
    { class: 'field danger-box', attrs: { hidden: true } },
    h('label', { attrs: { for: typedId } }, 'Type ', h('code', { text: BYPASS }), ' to allow this'),
    typed,
  );
  const nameId = uniqueId('bridge-name');
  const name = h('input', {
    id: nameId,
    class: 'input',
    attrs: { type: 'text', maxlength: '64', placeholder: project.name, autocomplete: 'off' },
  });
  const spawnId = uniqueId('spawn');
  const spawn = h('select', { id: spawnId, class: 'input' });
  for (const choice of SPAWN_CHOICES) {
    if (choice.value === 'worktree' && !project.git) continue;
    spawn.appendChild(h('option', { text: choice.label, attrs: { value: choice.value } }));
  }
  const capacityId = uniqueId('capacity');
  const capacity = h('input', {
    id: capacityId,
    class: 'input',
    attrs: { type: 'number', min: '1', max: '1000', step: '1', placeholder: 'Dashboard default' },
  });
  const capacityField = formField('Sessions at once (optional)', capacity);
  const note = h('p', { class: 'banner banner-note', attrs: { hidden: true } });
  const form = h(
    'form',
    { class: 'form' },
    note,
    permissionFieldset(choices),
    typedBox,
    formField('Sessions', spawn),
    capacityField,
    formField('Name shown in Claude (optional)', name),
    error,
    dialogActions(handle, submit),
  );
  const selected = () =>
    form.querySelector<HTMLInputElement>('input[name="permission_mode"]:checked')?.value ?? '';
  const sync = () => {
    const bypass = selected() === BYPASS;
    typedBox.hidden = !bypass;
    submit.disabled = bypass && typed.value !== BYPASS;
    submit.classList.toggle('btn-danger', bypass);
    submit.classList.toggle('btn-primary', !bypass);
    // Single-session bridges have a fixed capacity of 1.
    capacityField.hidden = spawn.value === 'session';
  };
  form.addEventListener('change', sync);
  typed.addEventListener('input', sync);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body: Record<string, string | number> = {};
    if (selected()) body.permission_mode = selected();
    if (selected() === BYPASS) body.confirm = typed.value;
    if (spawn.value) body.spawn_mode = spawn.value;
    if (!capacityField.hidden && capacity.value.trim()) body.capacity = Number(capacity.value);
    if (name.value.trim()) body.name = name.value.trim();
    submit.disabled = true;
    error.textContent = '';
    try {
      const since = markBridgeEvents();
      const data = await requestJson<{ bridge: Bridge }>(
        'POST',
        `api/projects/${encodeURIComponent(project.name)}/start`,
        body,
      );
      putBridge(data.bridge, since);
      handle.close();
      onStarted(data.bridge);
    } catch (failure) {
      const untrusted = untrustedStartText(failure);
      // Trust was withdrawn outside clauster: re-read the list so the card shows Not trusted.
      if (untrusted) void refreshProjects();
      error.textContent = untrusted ?? describeError(failure);
      sync();
    }
  });
  if (options.from) prefill(options.from, { form, spawn, name, capacity, note });
  sync();
  handle.body.appendChild(form);
  form.querySelector<HTMLInputElement>('input[name="permission_mode"]:checked')?.focus();
}

function permissionFieldset(choices: Choice[]): HTMLFieldSetElement {
  const fieldset = h(
    'fieldset',
    { class: 'choices' },
    h('legend', { text: 'What may Claude do without asking?' }),
  );
  choices.forEach((choice, index) => {
    const id = uniqueId('perm');
    const input = h('input', {
      id,
      attrs: { type: 'radio', name: 'permission_mode', value: choice.value, checked: index === 0 },
    });
    const helpId = `${id}-help`;
    input.setAttribute('aria-describedby', helpId);
    fieldset.appendChild(
      h(
        'div',
        { class: choice.value === BYPASS ? 'choice choice-danger' : 'choice' },
        input,
        h(
          'label',
          { attrs: { for: id } },
          h('span', { class: 'choice-label', text: choice.label }),
          h('span', { id: helpId, class: 'choice-help', text: choice.help }),
        ),
      ),
    );
  });
  return fieldset;
}

interface Fields {
  form: HTMLFormElement;
  spawn: HTMLSelectElement;
  name: HTMLInputElement;
  capacity: HTMLInputElement;
  note: HTMLElement;
}

// Only fills the form: the typed bypass confirmation is never pre-filled, and the server
// checks every option again.
function prefill(from: Bridge, fields: Fields): void {
  const radios = fields.form.querySelectorAll<HTMLInputElement>('input[name="permission_mode"]');
  const radio = [...radios].find((input) => input.value === from.permission_mode);
  if (radio) radio.checked = true;
  if ([...fields.spawn.options].some((option) => option.value === from.spawn_mode))
    fields.spawn.value = from.spawn_mode;
  fields.name.value = from.name ?? '';
  fields.capacity.value = from.capacity === null ? '' : String(from.capacity);
  fields.note.hidden = false;
  fields.note.textContent = radio
    ? 'Filled in with the options of its last run. Change anything before starting.'
    : `Filled in with the options of its last run, except its permission mode (${from.permission_mode}), which this project no longer allows. Pick another.`;
}
