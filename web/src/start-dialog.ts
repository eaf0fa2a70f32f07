// "Start" dialog: permission mode in plain words, spawn mode, optional name. Skipping
// permission checks is offered only where the project allows it, and only after typing it.

import { describeError, requestJson } from './api.js';
import type { Bridge, Project } from './contract.js';
import { dialogActions, openDialog } from './dialog.js';
import { h, uniqueId } from './dom.js';
import { PERMISSION_LABEL } from './labels.js';
import { putBridge } from './state.js';

interface Choice {
  value: string;
  label: string;
  help: string;
}

const BYPASS = 'bypassPermissions';

const PERMISSION_CHOICES: Choice[] = [
  {
    value: '',
    label: 'Dashboard default',
    help: 'The mode set in clauster.yml (ask before changes unless you changed it).',
  },
  {
    value: 'default',
    label: PERMISSION_LABEL.default,
    help: 'Claude asks you before it edits files or runs commands.',
  },
  {
    value: 'plan',
    label: PERMISSION_LABEL.plan,
    help: 'Claude reads and proposes a plan; it changes nothing.',
  },
  {
    value: 'acceptEdits',
    label: PERMISSION_LABEL.acceptEdits,
    help: 'Claude edits files without asking, but still asks before running commands.',
  },
  {
    value: 'auto',
    label: PERMISSION_LABEL.auto,
    help: 'Routine actions are approved for you; risky ones still ask.',
  },
  {
    value: 'dontAsk',
    label: PERMISSION_LABEL.dontAsk,
    help: 'Claude never asks; anything not pre-approved in your settings is refused.',
  },
];

const BYPASS_CHOICE: Choice = {
  value: BYPASS,
  label: PERMISSION_LABEL.bypassPermissions,
  help: 'Claude runs any command and edits any file without asking. Only for throwaway or sandboxed machines.',
};

const SPAWN_CHOICES: Choice[] = [
  { value: '', label: 'Dashboard default', help: '' },
  { value: 'same-dir', label: 'Shared folder — every session works in this folder', help: '' },
  { value: 'worktree', label: 'Separate git worktree for each session', help: '' },
  { value: 'session', label: 'Single session only', help: '' },
];

/** Opens the start dialog; `onStarted` gets the new bridge. */
export function openStartDialog(project: Project, onStarted: (bridge: Bridge) => void): void {
  const handle = openDialog(`Start ${project.name}`, 'dialog-wide');
  const choices = project.allow_bypass_permissions
    ? [...PERMISSION_CHOICES, BYPASS_CHOICE]
    : PERMISSION_CHOICES;
  const error = h('p', { class: 'form-error', attrs: { role: 'alert' } });
  const submit = h('button', {
    class: 'btn btn-primary',
    text: 'Start bridge',
    attrs: { type: 'submit' },
  });
  const typedId = uniqueId('bypass-confirm');
  const typed = h('input', {
    id: typedId,
    class: 'input mono',
    attrs: { type: 'text', autocomplete: 'off', autocapitalize: 'off', spellcheck: 'false' },
  });
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
  const form = h(
    'form',
    { class: 'form' },
    permissionFieldset(choices),
    typedBox,
    h('div', { class: 'field' }, h('label', { attrs: { for: spawnId }, text: 'Sessions' }), spawn),
    h(
      'div',
      { class: 'field' },
      h('label', { attrs: { for: nameId }, text: 'Name shown in Claude (optional)' }),
      name,
    ),
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
  };
  form.addEventListener('change', sync);
  typed.addEventListener('input', sync);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body: Record<string, string> = {};
    if (selected()) body.permission_mode = selected();
    if (selected() === BYPASS) body.confirm = typed.value;
    if (spawn.value) body.spawn_mode = spawn.value;
    if (name.value.trim()) body.name = name.value.trim();
    submit.disabled = true;
    error.textContent = '';
    try {
      const data = await requestJson<{ bridge: Bridge }>(
        'POST',
        `api/projects/${encodeURIComponent(project.name)}/start`,
        body,
      );
      putBridge(data.bridge);
      handle.close();
      onStarted(data.bridge);
    } catch (failure) {
      error.textContent = describeError(failure);
      sync();
    }
  });
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
