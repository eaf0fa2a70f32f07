// Clone dialog: URL and optional name, the server's policy verdict before anything runs,
// then live progress with cancel.

import { ApiError, describeError, requestJson } from './api.js';
import { cancelJob, describeJob, isActiveJob, progressBar } from './clone-jobs.js';
import { cloneUrlExample, describeCloneSchemes, readAllowedSchemes } from './clone-schemes.js';
import type { CloneJob, CloneVerdict } from './contract.js';
import {
  checkboxRow,
  dialogActions,
  formError,
  formField,
  openDialog,
  submitButton,
  textInput,
} from './dialog.js';
import { h, replaceChildren, uniqueId } from './dom.js';
import { icon } from './icons.js';
import { PROJECT_NAME_PATTERN, PROJECT_NAME_RULE } from './project-name.js';
import { state, subscribe } from './state.js';

const CHECK_DELAY_MS = 400;

/** Opens the clone dialog. */
export function openCloneDialog(): void {
  const handle = openDialog('Clone a repository', 'dialog-wide');
  // GET /api/session names the accepted schemes (clone.allowed_schemes).
  const schemes = readAllowedSchemes(state.session?.clone_schemes);
  const urlId = uniqueId('clone-url');
  const url = textInput(urlId, 'input mono', {
    inputmode: 'url',
    required: true,
    placeholder: cloneUrlExample(schemes),
    'aria-describedby': `${urlId}-verdict`,
  });
  const name = textInput(uniqueId('clone-name'), 'input', {
    pattern: PROJECT_NAME_PATTERN,
    title: PROJECT_NAME_RULE,
    maxlength: '64',
  });
  const shallow = checkboxRow('shallow', 'Latest commit only (faster, smaller)');
  const verdict = h('div', {
    id: `${urlId}-verdict`,
    class: 'verdict',
    attrs: { 'aria-live': 'polite' },
  });
  const error = formError();
  const submit = submitButton('Clone');
  const intro = h('p', { class: 'muted', text: describeCloneSchemes(schemes) });
  const form = h(
    'form',
    { class: 'form' },
    intro,
    formField('Repository URL', url, verdict),
    formField('Folder name (optional)', name),
    shallow.row,
    error,
    dialogActions(handle, submit),
  );

  let checked: { url: string; verdict: CloneVerdict } | null = null;
  let timer: number | undefined;
  let sequence = 0;
  const runCheck = async () => {
    const value = url.value.trim();
    const mine = ++sequence;
    delete verdict.dataset.rule;
    if (!value) {
      replaceChildren(verdict);
      submit.disabled = true;
      return;
    }
    replaceChildren(verdict, h('span', { class: 'muted', text: 'Checking the address…' }));
    try {
      const result = await requestJson<CloneVerdict>('POST', 'api/clone/check', { url: value });
      if (mine !== sequence) return;
      checked = { url: value, verdict: result };
      renderVerdict(verdict, result);
      submit.disabled = !result.allowed;
    } catch (failure) {
      if (mine !== sequence) return;
      checked = null;
      renderVerdict(verdict, { allowed: false, rule: null, detail: describeError(failure) });
      submit.disabled = true;
    }
  };
  url.addEventListener('input', () => {
    submit.disabled = true;
    name.placeholder = guessName(url.value);
    window.clearTimeout(timer);
    timer = window.setTimeout(runCheck, CHECK_DELAY_MS);
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!checked?.verdict.allowed || checked.url !== url.value.trim()) return;
    submit.disabled = true;
    error.textContent = '';
    const body: Record<string, string | number> = { url: checked.url };
    if (name.value.trim()) body.name = name.value.trim();
    if (shallow.input.checked) body.depth = 1;
    try {
      const data = await requestJson<{ job: CloneJob }>('POST', 'api/projects/clone', body);
      if (!state.cloneJobs.has(data.job.id)) state.cloneJobs.set(data.job.id, data.job);
      showProgress(handle, data.job.id);
    } catch (failure) {
      error.textContent = describeError(failure);
      submit.disabled = false;
      if (failure instanceof ApiError && failure.code === 'project-exists') name.focus();
    }
  });
  handle.body.appendChild(form);
  handle.dialog.addEventListener('close', () => window.clearTimeout(timer));
  url.focus();
}

/** Shows the verdict as a sentence ("Refused: scheme "http" is not allowed; …"); the policy's
 * rule id is not for reading, so it stays in data-rule (for tests and support). */
function renderVerdict(node: HTMLElement, verdict: CloneVerdict): void {
  node.className = verdict.allowed ? 'verdict verdict-ok' : 'verdict verdict-no';
  if (verdict.rule) node.dataset.rule = verdict.rule;
  else delete node.dataset.rule;
  replaceChildren(
    node,
    icon(verdict.allowed ? 'check' : 'alert'),
    h(
      'span',
      {},
      h('strong', { text: verdict.allowed ? 'Allowed:' : 'Refused:' }),
      ' ',
      verdict.detail,
    ),
  );
}

function guessName(url: string): string {
  const last = url.trim().replace(/\/+$/, '').split(/[/:]/).pop() ?? '';
  return last.replace(/\.git$/, '');
}

function showProgress(handle: ReturnType<typeof openDialog>, jobId: string): void {
  const area = h('div', { class: 'progress-area', attrs: { 'aria-live': 'polite' } });
  const error = formError();
  const actions = h('div', { class: 'dialog-actions' });
  replaceChildren(handle.body, area, error, actions);
  let shownActive: boolean | null = null;
  const render = () => {
    const job = state.cloneJobs.get(jobId);
    if (!job) return;
    replaceChildren(
      area,
      h(
        'p',
        {},
        h('strong', { text: job.name }),
        ' ',
        h('span', { class: 'muted', text: job.url }),
      ),
      isActiveJob(job) || job.status === 'done' ? progressBar(job, `Cloning ${job.name}`) : null,
      h('p', {
        class: `job-text job-${job.status}`,
        attrs: { 'data-job-status': job.status },
        text: describeJob(job),
      }),
      job.status === 'done'
        ? h('p', { class: 'muted', text: 'Next: trust the new project, then start it.' })
        : null,
    );
    // Rebuild the buttons only when the job settles, so keyboard focus stays put.
    const active = isActiveJob(job);
    if (active === shownActive) return;
    shownActive = active;
    const close = h('button', {
      class: active ? 'btn' : 'btn btn-primary',
      text: active ? 'Hide' : 'Close',
      attrs: { type: 'button' },
      on: { click: () => handle.close() },
    });
    const cancel = active
      ? h('button', {
          class: 'btn btn-danger',
          text: 'Cancel clone',
          attrs: { type: 'button' },
          on: { click: () => cancelJob(job, error) },
        })
      : null;
    const hadFocus = actions.contains(document.activeElement);
    replaceChildren(actions, close, cancel);
    if (hadFocus || !active) close.focus();
  };
  const unsubscribe = subscribe(render);
  handle.dialog.addEventListener('close', unsubscribe);
  render();
  actions.querySelector('button')?.focus();
}
