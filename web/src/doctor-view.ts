// Doctor page: the same checks as `clauster doctor`, each with what to do about it.

import { describeError, requestJson } from './api.js';
import type { DoctorCheck } from './contract.js';
import { h, replaceChildren } from './dom.js';
import { icon } from './icons.js';
import type { View } from './view.js';

const STATUS_ICON = { OK: 'check', WARN: 'alert', FAIL: 'alert' } as const;

/** Builds the doctor view and runs the checks once. */
export function createDoctorView(): View {
  const summary = h('p', {
    class: 'view-sub',
    attrs: { 'aria-live': 'polite' },
    text: 'Running checks…',
  });
  const rerun = h(
    'button',
    { class: 'btn', attrs: { type: 'button' } },
    icon('refresh'),
    'Run again',
  );
  const list = h('ul', { class: 'checks', attrs: { 'aria-label': 'Checks' } });
  const el = h(
    'section',
    { class: 'view view-doctor' },
    h(
      'div',
      { class: 'view-head' },
      h('div', {}, h('h1', { text: 'Doctor', attrs: { tabindex: '-1' } }), summary),
      rerun,
    ),
    list,
  );
  let alive = true;
  const load = async () => {
    rerun.disabled = true;
    summary.textContent = 'Running checks…';
    try {
      const data = await requestJson<{ ok: boolean; checks: DoctorCheck[] }>('GET', 'api/doctor');
      if (!alive) return;
      const failing = data.checks.filter((c) => c.status === 'FAIL').length;
      const warning = data.checks.filter((c) => c.status === 'WARN').length;
      summary.textContent =
        failing + warning === 0
          ? `All ${data.checks.length} checks passed.`
          : `${failing} failing, ${warning} ${warning === 1 ? 'warning' : 'warnings'} out of ${data.checks.length} checks.`;
      // Problems first (stable within each status), so a phone shows them without scrolling.
      const order = { FAIL: 0, WARN: 1, OK: 2 } as const;
      const sorted = [...data.checks].sort(
        (a, b) => (order[a.status] ?? 3) - (order[b.status] ?? 3),
      );
      replaceChildren(list, ...sorted.map(renderCheck));
    } catch (error) {
      if (alive) summary.textContent = `Could not run the checks: ${describeError(error)}`;
    } finally {
      rerun.disabled = false;
    }
  };
  rerun.addEventListener('click', load);
  load();
  return {
    el,
    title: 'Doctor',
    destroy() {
      alive = false;
    },
  };
}

function renderCheck(check: DoctorCheck): HTMLElement {
  return h(
    'li',
    { class: `check-row check-${check.status.toLowerCase()}`, attrs: { 'data-check': check.id } },
    h('span', { class: 'check-badge' }, icon(STATUS_ICON[check.status] ?? 'info'), check.status),
    h(
      'div',
      { class: 'check-main' },
      h('strong', { class: 'mono', text: check.id }),
      h('p', { text: check.detail }),
      check.fix
        ? h('p', { class: 'fix' }, h('span', { class: 'fix-label', text: 'Fix: ' }), check.fix)
        : null,
    ),
  );
}
