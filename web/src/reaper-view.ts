// Reaper page (only when reaper.ui_enabled): lists leftover "ghost" environments first (a dry
// run), then archives them, or deletes them after the operator types DELETE.

import { describeError, requestJson } from './api.js';
import type { Ghost, ReapResult } from './contract.js';
import { confirmDialog } from './dialog.js';
import { h, replaceChildren } from './dom.js';
import { formatAgo } from './format.js';
import { icon } from './icons.js';
import { describeReapResult } from './reap-result.js';
import type { View } from './view.js';

type ReapAction = 'archive' | 'delete';

/** Builds the reaper view and runs the dry-run listing. */
export function createReaperView(): View {
  const summary = h('p', {
    class: 'view-sub',
    attrs: { 'aria-live': 'polite' },
    text: 'Looking for leftover environments…',
  });
  const rerun = h(
    'button',
    { class: 'btn', attrs: { type: 'button' } },
    icon('refresh'),
    'Look again',
  );
  const list = h('ul', { class: 'ghosts', attrs: { 'aria-label': 'Leftover environments' } });
  const selectAll = h('input', { id: 'ghost-all', attrs: { type: 'checkbox' } });
  const archive = h(
    'button',
    { class: 'btn', attrs: { type: 'button', disabled: true } },
    icon('archive'),
    'Archive selected',
  );
  const remove = h(
    'button',
    { class: 'btn btn-danger', attrs: { type: 'button', disabled: true } },
    icon('trash'),
    'Delete selected…',
  );
  const toolbar = h(
    'div',
    { class: 'ghost-toolbar', attrs: { hidden: true } },
    h(
      'div',
      { class: 'check' },
      selectAll,
      h('label', { attrs: { for: 'ghost-all' }, text: 'Select all' }),
    ),
    archive,
    remove,
  );
  const error = h('p', { class: 'card-error', attrs: { role: 'alert' } });
  const warnings = h('p', { class: 'banner banner-note', attrs: { hidden: true } });
  const el = h(
    'section',
    { class: 'view view-reaper' },
    h(
      'div',
      { class: 'view-head' },
      h('div', {}, h('h1', { text: 'Leftover environments', attrs: { tabindex: '-1' } }), summary),
      rerun,
    ),
    h('p', {
      class: 'muted',
      text: 'Every bridge that stops leaves its environment listed in the claude.ai/code picker. These belong to folders in your projects folder and no running bridge uses them. Nothing is changed until you choose an action below.',
    }),
    warnings,
    toolbar,
    error,
    list,
  );
  let alive = true;
  let ghosts: Ghost[] = [];

  // Rows already archived or deleted in this listing have their box disabled: never selected.
  const boxes = () => [
    ...list.querySelectorAll<HTMLInputElement>('input[type=checkbox]:not(:disabled)'),
  ];
  const selected = () => boxes().flatMap((box) => (box.checked ? [box.value] : []));
  const syncButtons = () => {
    const count = selected().length;
    archive.disabled = count === 0;
    remove.disabled = count === 0;
    selectAll.checked = count > 0 && count === boxes().length;
  };
  const load = async () => {
    rerun.disabled = true;
    error.textContent = '';
    try {
      const data = await requestJson<{ ghosts: Ghost[]; warnings?: string[] }>(
        'GET',
        'api/environments/ghosts',
      );
      if (!alive) return;
      ghosts = data.ghosts;
      summary.textContent =
        ghosts.length === 0
          ? 'No leftover environments. Nothing to clean up.'
          : `${ghosts.length} leftover ${ghosts.length === 1 ? 'environment' : 'environments'} found.`;
      toolbar.hidden = ghosts.length === 0;
      warnings.hidden = !data.warnings?.length;
      warnings.textContent = data.warnings?.join(' ') ?? '';
      replaceChildren(list, ...ghosts.map(renderGhost));
      syncButtons();
    } catch (failure) {
      if (alive) summary.textContent = `Could not list environments: ${describeError(failure)}`;
    } finally {
      rerun.disabled = false;
    }
  };
  const reap = async (action: ReapAction) => {
    const ids = selected();
    const ok = await confirmDialog(
      action === 'archive'
        ? {
            title: `Archive ${ids.length} ${ids.length === 1 ? 'environment' : 'environments'}?`,
            message: [
              'Archived environments disappear from the picker and become read-only. This can be undone on claude.ai.',
            ],
            confirmLabel: 'Archive',
          }
        : {
            title: `Delete ${ids.length} ${ids.length === 1 ? 'environment' : 'environments'} permanently?`,
            message: ['Deleting cannot be undone. Any work still queued in them is discarded.'],
            confirmLabel: 'Delete permanently',
            danger: true,
            typed: 'DELETE',
          },
    );
    if (!ok) return;
    error.textContent = '';
    try {
      const data = await requestJson<{ results: ReapResult[] }>('POST', 'api/environments/reap', {
        action,
        ids,
        confirm: action === 'delete' ? 'DELETE' : 'archive',
      });
      showResults(list, data.results);
      syncButtons();
      summary.textContent = describeResults(data.results);
    } catch (failure) {
      error.textContent = describeError(failure);
    }
  };
  list.addEventListener('change', syncButtons);
  selectAll.addEventListener('change', () => {
    for (const box of boxes()) box.checked = selectAll.checked;
    syncButtons();
  });
  archive.addEventListener('click', () => reap('archive'));
  remove.addEventListener('click', () => reap('delete'));
  rerun.addEventListener('click', load);
  load();
  return {
    el,
    title: 'Reaper',
    destroy() {
      alive = false;
    },
  };
}

function renderGhost(ghost: Ghost): HTMLElement {
  const id = `ghost-${ghost.id}`;
  return h(
    'li',
    { class: 'ghost', attrs: { 'data-ghost': ghost.id } },
    h('input', { id, attrs: { type: 'checkbox', value: ghost.id } }),
    h(
      'label',
      { attrs: { for: id } },
      h(
        'strong',
        {},
        ghost.name || ghost.id,
        ghost.archived ? h('span', { class: 'chip', text: 'Archived' }) : null,
      ),
      h('span', { class: 'mono muted', text: ghost.directory }),
      h('span', {
        class: 'muted',
        text: `Last active ${formatAgo(ghost.last_activity)} · ${ghost.reason}`,
      }),
      h('span', { class: 'ghost-result', attrs: { 'aria-live': 'polite' } }),
    ),
  );
}

function showResults(list: HTMLElement, results: ReapResult[]): void {
  for (const result of results) {
    const row = list.querySelector<HTMLElement>(`[data-ghost="${CSS.escape(result.id)}"]`);
    const slot = row?.querySelector('.ghost-result');
    if (!row || !slot) continue;
    row.dataset.outcome = result.outcome;
    slot.textContent = describeReapResult(result);
    const box = row.querySelector<HTMLInputElement>('input');
    if (box && (result.outcome === 'archived' || result.outcome === 'deleted')) {
      box.checked = false;
      box.disabled = true;
    }
  }
}

function describeResults(results: ReapResult[]): string {
  const count = (outcome: ReapResult['outcome']) =>
    results.filter((r) => r.outcome === outcome).length;
  const parts = [
    ['archived', count('archived')],
    ['deleted', count('deleted')],
    ['skipped', count('skipped')],
    ['failed', count('failed')],
  ].filter(([, n]) => n !== 0);
  return parts.map(([word, n]) => `${n} ${word}`).join(', ') || 'Nothing was changed.';
}
