// Projects view: every project with its trust, git and bridge state, updated live from
// /ws/events and re-read for changes made outside clauster (project-list-watch.ts). A new
// operator sees what to do next instead of an empty page.

import { refreshProjects } from './bridge-actions.js';
import { openCloneDialog } from './clone-dialog.js';
import { renderCloneJobs } from './clone-jobs.js';
import { isLive } from './contract.js';
import { h, replaceChildren, setText } from './dom.js';
import { icon } from './icons.js';
import { inlineText } from './inline-code.js';
import { openNewProjectDialog } from './new-project-dialog.js';
import { createOrientationCard } from './orientation-card.js';
import { NO_PROJECTS_HOW } from './orientation-steps.js';
import { createProjectCard, type ProjectCard } from './project-card.js';
import { type ListWatchDeps, watchProjectList } from './project-list-watch.js';
import { PROJECT_SORTS, parseProjectSort, sortProjects } from './project-sort.js';
import { readProjectSort, saveProjectSort } from './project-sort-store.js';
import { bridgeForProject, state, subscribe } from './state.js';
import { createTrustAllBanner } from './trust-all.js';
import type { Navigate, View } from './view.js';

/** Builds the projects view. */
export function createProjectsView(navigate: Navigate): View {
  const summary = h('p', { class: 'view-sub', attrs: { 'aria-live': 'polite' } });
  const head = h(
    'div',
    { class: 'view-head' },
    h('div', {}, h('h1', { text: 'Projects', attrs: { tabindex: '-1' } }), summary),
    state.session?.features.clone
      ? h(
          'div',
          { class: 'card-actions' },
          h(
            'button',
            {
              class: 'btn',
              attrs: { type: 'button' },
              on: { click: () => openNewProjectDialog() },
            },
            icon('folder'),
            'New project',
          ),
          h(
            'button',
            { class: 'btn', attrs: { type: 'button' }, on: { click: () => openCloneDialog() } },
            icon('download'),
            'Clone a repository',
          ),
        )
      : null,
  );
  const jobs = h('section', { class: 'jobs', attrs: { 'aria-label': 'Clone jobs', hidden: true } });
  const filterInput = h('input', {
    class: 'input',
    attrs: {
      type: 'search',
      placeholder: 'Filter projects',
      'aria-label': 'Filter projects',
      autocomplete: 'off',
    },
  });
  const filter = h(
    'div',
    { class: 'filter', attrs: { hidden: true } },
    icon('search'),
    filterInput,
  );
  let sort = readProjectSort();
  const sortSelect = h(
    'select',
    { class: 'input input-small', attrs: { id: 'project-sort' } },
    ...PROJECT_SORTS.map(({ value, label }) =>
      h('option', { text: label, attrs: { value, ...(value === sort ? { selected: true } : {}) } }),
    ),
  );
  const sorter = h(
    'div',
    { class: 'project-sort', attrs: { hidden: true } },
    h('label', { text: 'Sort by', attrs: { for: 'project-sort' } }),
    sortSelect,
  );
  const list = h('ul', { class: 'cards', attrs: { 'aria-label': 'Projects' } });
  const empty = h('div', { class: 'empty', attrs: { hidden: true } });
  const problem = h('p', { class: 'banner banner-error', attrs: { role: 'alert', hidden: true } });
  const trustAll = createTrustAllBanner();
  const orientation = createOrientationCard();
  const el = h(
    'section',
    { class: 'view view-projects' },
    head,
    orientation.el,
    problem,
    trustAll.el,
    jobs,
    filter,
    sorter,
    list,
    empty,
  );
  const cards = new Map<string, ProjectCard>();

  const render = () => {
    const projects = state.projects;
    problem.hidden = !state.projectsError;
    setText(
      problem,
      state.projectsError ? `Could not load the projects. ${state.projectsError}` : '',
    );
    renderCloneJobs(jobs);
    orientation.update(projects);
    if (!projects) {
      setText(summary, 'Loading…');
      return;
    }
    const running = projects.filter((p) => isLive(bridgeForProject(p))).length;
    // Only a change is written: the summary is a live region, and the list is re-read often.
    setText(
      summary,
      `${projects.length} ${projects.length === 1 ? 'project' : 'projects'} · ${running} running`,
    );
    trustAll.update(projects);
    filter.hidden = projects.length < 6;
    sorter.hidden = projects.length < 2;
    empty.hidden = projects.length > 0;
    if (projects.length === 0 && !empty.firstChild) renderEmpty(empty);
    const query = filterInput.value.trim().toLowerCase();
    const seen = new Set<string>();
    // insertBefore moves a card out and back, which blurs a focused button inside it.
    const focused = document.activeElement;
    const refocus = focused instanceof HTMLElement && list.contains(focused) ? focused : null;
    let previous: HTMLElement | null = null;
    for (const project of sortProjects(projects, sort, bridgeForProject)) {
      seen.add(project.name);
      const card = cards.get(project.name) ?? createProjectCard(navigate);
      cards.set(project.name, card);
      card.update(project, bridgeForProject(project));
      card.el.hidden = query !== '' && !project.name.toLowerCase().includes(query);
      // Keep the chosen order without re-inserting nodes that are already in place (which
      // would drop keyboard focus).
      const expected: ChildNode | null = previous ? previous.nextSibling : list.firstChild;
      if (expected !== card.el) list.insertBefore(card.el, expected);
      previous = card.el;
    }
    if (refocus?.isConnected && document.activeElement !== refocus) refocus.focus();
    for (const [name, card] of cards) {
      if (!seen.has(name)) {
        card.el.remove();
        card.destroy();
        cards.delete(name);
      }
    }
  };

  filterInput.addEventListener('input', render);
  sortSelect.addEventListener('change', () => {
    sort = parseProjectSort(sortSelect.value);
    saveProjectSort(sort);
    render();
  });
  const unsubscribe = subscribe(render);
  render();
  // refreshProjects merges this entry read with one under way (the shell's first after login).
  const stopWatching = watchProjectList(refreshProjects, pageWatchDeps());
  const destroy = () => {
    stopWatching();
    unsubscribe();
    for (const card of cards.values()) card.destroy();
    cards.clear();
  };
  return { el, title: 'Projects', destroy };
}

/** The page's visibility and timers, for watchProjectList. */
function pageWatchDeps(): ListWatchDeps {
  return {
    isVisible: () => document.visibilityState === 'visible',
    onVisible(listener) {
      const handle = () => {
        if (document.visibilityState === 'visible') listener();
      };
      document.addEventListener('visibilitychange', handle);
      return () => document.removeEventListener('visibilitychange', handle);
    },
    after(ms, run) {
      const timer = window.setTimeout(run, ms);
      return () => window.clearTimeout(timer);
    },
  };
}

function renderEmpty(node: HTMLElement): void {
  replaceChildren(
    node,
    icon('folder', 'icon icon-xl'),
    h('h2', { text: 'No projects yet' }),
    h('p', { text: 'clauster runs one Claude bridge per project folder. To get going:' }),
    h(
      'ol',
      { class: 'steps' },
      h('li', {}, ...inlineText(NO_PROJECTS_HOW)),
      h('li', {}, h('strong', { text: 'Trust' }), ' a project, so Claude may work in it.'),
      h(
        'li',
        {},
        h('strong', { text: 'Start' }),
        ' it, then open the link or scan the QR code with the Claude app.',
      ),
    ),
    state.session?.features.clone
      ? h(
          'p',
          {},
          'Or make one with ',
          h('strong', { text: 'New project' }),
          ', or clone a repository straight into the projects folder with ',
          h('strong', { text: 'Clone a repository' }),
          '.',
        )
      : null,
  );
}
