// Clone progress, shared by the clone dialog and the strip of running jobs on the projects
// view. Progress arrives as {type:'clone'} events; nothing polls.

import { describeError, requestJson } from './api.js';
import type { CloneJob } from './contract.js';
import { h, replaceChildren } from './dom.js';
import { icon } from './icons.js';
import { notify, state } from './state.js';

const dismissed = new Set<string>();

/** True while a job can still change. */
export function isActiveJob(job: CloneJob): boolean {
  return job.status === 'queued' || job.status === 'running';
}

/** One line of progress words: "Receiving objects — 45 %". */
export function describeJob(job: CloneJob): string {
  switch (job.status) {
    case 'queued':
      return 'Waiting to start…';
    case 'running': {
      const phase = describePhase(job.phase);
      return job.percent === null ? `${phase}…` : `${phase} — ${Math.round(job.percent)} %`;
    }
    case 'done':
      return `Cloned into ${job.name}.`;
    case 'cancelled':
      return 'Cancelled.';
    default:
      return job.error ?? 'The clone failed.';
  }
}

/** "receiving-objects" → "Receiving objects" (the server sends git's phases as slugs). */
function describePhase(phase: string | null): string {
  const words = (phase ?? 'cloning').replace(/[-_]+/g, ' ').trim() || 'cloning';
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A <progress> bar: determinate when the server sent a percentage. */
export function progressBar(job: CloneJob, label: string): HTMLProgressElement {
  const bar = h('progress', { class: 'progress', attrs: { max: '100', 'aria-label': label } });
  if (job.percent !== null && job.status === 'running') bar.value = job.percent;
  if (job.status === 'done') bar.value = 100;
  return bar;
}

/** Asks the server to cancel a job; errors land in `errorNode`. */
export async function cancelJob(job: CloneJob, errorNode: HTMLElement): Promise<void> {
  errorNode.textContent = '';
  try {
    const data = await requestJson<{ job: CloneJob }>(
      'DELETE',
      `api/clone-jobs/${encodeURIComponent(job.id)}`,
    );
    state.cloneJobs.set(data.job.id, data.job);
    notify();
  } catch (error) {
    errorNode.textContent = describeError(error);
  }
}

interface JobRow {
  el: HTMLElement;
  active: boolean;
  text: HTMLElement;
  bar: HTMLProgressElement | null;
}

const rowsByContainer = new WeakMap<HTMLElement, Map<string, JobRow>>();

/** Renders running and failed jobs into the projects view's strip, updating rows in place. */
export function renderCloneJobs(container: HTMLElement): void {
  const jobs = [...state.cloneJobs.values()].filter(
    (job) => isActiveJob(job) || (job.status === 'failed' && !dismissed.has(job.id)),
  );
  container.hidden = jobs.length === 0;
  const rows = rowsByContainer.get(container) ?? new Map<string, JobRow>();
  rowsByContainer.set(container, rows);
  const wanted: HTMLElement[] = [];
  for (const job of jobs) {
    let row = rows.get(job.id);
    // A row is rebuilt only when the job settles; progress updates keep focus on Cancel.
    if (!row || row.active !== isActiveJob(job)) {
      row = buildJobRow(job, container);
      rows.set(job.id, row);
    }
    row.text.textContent = describeJob(job);
    if (row.bar && job.percent !== null) row.bar.value = job.percent;
    else row.bar?.removeAttribute('value');
    wanted.push(row.el);
  }
  for (const [id, row] of rows) {
    if (!wanted.includes(row.el)) rows.delete(id);
  }
  if (
    wanted.some((el, i) => container.children[i] !== el) ||
    container.children.length !== wanted.length
  ) {
    replaceChildren(container, ...wanted);
  }
}

function buildJobRow(job: CloneJob, container: HTMLElement): JobRow {
  const active = isActiveJob(job);
  const error = h('p', { class: 'card-error', attrs: { role: 'alert' } });
  const text = h('span', { class: 'job-text' });
  const bar = active ? progressBar(job, `Cloning ${job.name}`) : null;
  const dismiss = () => {
    dismissed.add(job.id);
    renderCloneJobs(container);
  };
  const action = h('button', {
    class: 'btn btn-quiet',
    text: active ? 'Cancel' : 'Dismiss',
    attrs: { type: 'button' },
    on: { click: active ? () => cancelJob(job, error) : dismiss },
  });
  const el = h(
    'div',
    { class: `job job-${job.status}` },
    icon(job.status === 'failed' ? 'alert' : 'download'),
    h('div', { class: 'job-main' }, h('strong', { text: job.name }), text, bar, error),
    action,
  );
  return { el, active, text, bar };
}
