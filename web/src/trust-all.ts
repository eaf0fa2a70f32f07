// "Trust all (N)": a banner shown while two or more projects are untrusted (since claude
// 2.1.232 each git repository needs its own grant). One confirmation lists every project, then
// one request trusts exactly those; the server reports each project's outcome.

import { ApiError, describeError, requestJson } from './api.js';
import { refreshProjects } from './bridge-actions.js';
import type { Project, TrustOutcome } from './contract.js';
import { confirmDialog } from './dialog.js';
import { h, replaceChildren } from './dom.js';
import { icon } from './icons.js';
import { markBridgeEvents, setProjects } from './state.js';

interface TrustAllBanner {
  el: HTMLElement;
  update(projects: readonly Project[]): void;
}

/** Creates the banner; call `update` with the project list whenever it changes. */
export function createTrustAllBanner(): TrustAllBanner {
  const text = h('span');
  const button = h('button', { class: 'btn btn-primary', attrs: { type: 'button' } });
  const error = h('p', { class: 'card-error', attrs: { role: 'alert' } });
  const el = h(
    'div',
    { class: 'banner banner-note trust-all', attrs: { hidden: true } },
    h('div', { class: 'trust-all-row' }, text, button),
    error,
  );
  let untrusted: Project[] = [];

  const update = (projects: readonly Project[]) => {
    untrusted = projects.filter((project) => !project.trusted);
    const offered = untrusted.length >= 2;
    // A failure stays visible even when fewer than two projects are left untrusted.
    el.hidden = !offered && error.textContent === '';
    button.hidden = !offered;
    text.textContent = offered ? `${untrusted.length} projects are not trusted yet.` : '';
    replaceChildren(button, icon('shieldCheck'), `Trust all (${untrusted.length})`);
  };

  button.addEventListener('click', async () => {
    error.textContent = '';
    const listed = untrusted;
    if (!(await confirmTrustAll(listed))) return;
    button.disabled = true;
    try {
      const since = markBridgeEvents();
      const data = await requestJson<{ results: TrustOutcome[]; projects: Project[] }>(
        'POST',
        'api/projects/trust-all',
        { projects: listed.map((project) => project.name) },
      );
      setProjects(data.projects, since);
    } catch (failure) {
      // The server names what was trusted and what was not; show that, then re-read the list.
      error.textContent =
        failure instanceof ApiError && failure.code.startsWith('claude-config')
          ? `Trust all stopped: ${failure.message}`
          : describeError(failure);
      await refreshProjects();
    } finally {
      button.disabled = false;
    }
  });

  return { el, update };
}

function confirmTrustAll(projects: readonly Project[]): Promise<boolean> {
  const list = h('ul', { class: 'dialog-list', attrs: { 'aria-label': 'Projects to trust' } });
  for (const project of projects) {
    list.appendChild(
      h('li', {}, h('strong', { text: project.name }), ' ', h('code', { text: project.path })),
    );
  }
  return confirmDialog({
    title: `Trust all ${projects.length} projects?`,
    message: [
      'Trusting lets Claude Code work in each of these folders without asking first — the same as answering “Yes, I trust this folder” in a terminal, once for each:',
      list,
      'Depending on the permission mode you start them with, Claude can then read and edit files there and run commands. Only trust code you know. The choice is saved in your Claude settings (~/.claude.json) and applies to the Claude CLI too.',
    ],
    confirmLabel: `Trust ${projects.length} projects`,
  });
}
