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
import { PROJECT_NAME_RULE, projectNameProblem } from './project-name.js';
import { showToast } from './toasts.js';

/** Opens the new project dialog. */
export function openNewProjectDialog(): void {
  const handle = openDialog('New project');
  const nameId = uniqueId('new-project-name');
  const name = textInput(nameId, 'input', {
    required: true,
    maxlength: '64',
    'aria-describedby': `${nameId}-hint`,
  });
  const hint = h('p', { id: `${nameId}-hint`, class: 'muted', text: `${PROJECT_NAME_RULE}.` });
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
    const problem = projectNameProblem(name.value);
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
