// New project dialog: a folder name (checked as the server checks it) and an optional
// `git init`; POST /api/projects, then a toast. The list refreshes on projects-changed.

import { describeError, requestJson } from './api.js';
import { refreshProjects } from './bridge-actions.js';
import type { Project } from './contract.js';
import {
  checkboxRow,
  dialogActions,
  formError,
  formField,
  openDialog,
  submitButton,
  textInput,
} from './dialog.js';
import { h, uniqueId } from './dom.js';
import { showToast } from './toasts.js';

// The server's rule (src/projects/names.ts); the server checks again and has the last word.
const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const NAME_RULE =
  '1–64 characters of A–Z, a–z, 0–9, dot, dash or underscore, starting with a letter or digit';

/** The reason a folder name is refused, or null when it looks fine. */
function nameProblem(name: string): string | null {
  if (name === '') return null;
  if (name.includes('/') || name.includes('\\')) return 'The name must not contain a slash.';
  if (name.includes('..')) return 'The name must not contain “..”.';
  return NAME_RE.test(name) ? null : `Use ${NAME_RULE}.`;
}

/** Opens the new project dialog. */
export function openNewProjectDialog(): void {
  const handle = openDialog('New project');
  const nameId = uniqueId('new-project-name');
  const name = textInput(nameId, 'input', {
    required: true,
    maxlength: '64',
    'aria-describedby': `${nameId}-hint`,
  });
  const hint = h('p', { id: `${nameId}-hint`, class: 'muted', text: `${NAME_RULE}.` });
  const gitInit = checkboxRow('git-init', 'Make it a git repository (git init)');
  const error = formError();
  const submit = submitButton('Create');
  const form = h(
    'form',
    { class: 'form' },
    h('p', {
      class: 'muted',
      text: 'Creates an empty folder in the projects folder. Nothing that exists is replaced.',
    }),
    formField('Folder name', name, hint),
    gitInit.row,
    error,
    dialogActions(handle, submit),
  );

  name.addEventListener('input', () => {
    const problem = nameProblem(name.value);
    error.textContent = problem ?? '';
    submit.disabled = name.value === '' || problem !== null;
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (submit.disabled) return;
    submit.disabled = true;
    error.textContent = '';
    try {
      const body = { name: name.value, git_init: gitInit.input.checked };
      const data = await requestJson<{ project: Project }>('POST', 'api/projects', body);
      handle.close();
      showToast(`Created ${data.project.name}. Trust it, then start it.`);
      void refreshProjects();
    } catch (failure) {
      error.textContent = describeError(failure);
      submit.disabled = false;
      name.focus();
    }
  });
  handle.body.appendChild(form);
  name.focus();
}
