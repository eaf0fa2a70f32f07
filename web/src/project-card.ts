// One project card: trust shield, git badge, bridge status (or a bridge running outside
// clauster) and the actions that fit the current state. Errors appear inside the card that
// raised them.

import { describeError } from './api.js';
import { createAutostartLine } from './autostart-line.js';
import { adoptBridge, forgetBridge, stopBridge, trustProject } from './bridge-actions.js';
import { type ErrorMark, markError, nextErrorMark } from './card-error.js';
import { claudeMdButton } from './claude-md-dialog.js';
import type { Bridge, Project } from './contract.js';
import { isLive } from './contract.js';
import { conversationsLink } from './conversations-view.js';
import { h, replaceChildren, uniqueId } from './dom.js';
import { icon } from './icons.js';
import { createResourceLine, renderResourceLine } from './resource-line.js';
import { openStartDialog } from './start-dialog.js';
import { state } from './state.js';
import { renderStatus } from './status-badge.js';
import { createUsageBadge } from './usage-badge.js';

export interface ProjectCard {
  el: HTMLLIElement;
  update(project: Project, bridge: Bridge | null): void;
  /** Stops the card's background work (its usage badge); call when it leaves the page. */
  destroy(): void;
}

/** Creates a card; call `update` with fresh data whenever the project or bridge changes. */
export function createProjectCard(onNavigate: (hash: string) => void): ProjectCard {
  const title = h('h2', { class: 'card-title', id: uniqueId('card-title') });
  const status = h('span', { class: 'status' });
  const chips = h('div', { class: 'chips' });
  const reason = h('p', { class: 'reason', attrs: { hidden: true } });
  const actions = h('div', { class: 'card-actions' });
  const error = h('p', { class: 'card-error', attrs: { role: 'alert' } });
  const resources = createResourceLine();
  // A pending autostart retry and its Stop retrying (run like the card's other actions).
  const retry = createAutostartLine((action) => run(action), {
    fallbackFocus: () => actions.querySelector<HTMLElement>('button:enabled'),
  });
  const el = h(
    'li',
    { class: 'card', attrs: { 'aria-labelledby': title.id } },
    h('div', { class: 'card-main' }, title, chips, resources),
    status,
    actions,
    reason,
    retry.el,
    error,
  );
  const usageBadge = createUsageBadge(el);
  let signature = '';
  let shownBridge: Bridge | null = null;
  // Set while an action error is shown; newer news about the card clears it (card-error.ts).
  let errorMark: ErrorMark | null = null;
  const seen = () => ({ connection: state.connection, bridge: shownBridge });

  // While an action runs (a stop can take the whole grace period) the card's buttons are
  // disabled, also when it re-renders meanwhile, and a second press does nothing.
  let busy = false;
  const showBusy = (): void => {
    el.classList.toggle('busy', busy);
    actions.setAttribute('aria-busy', busy ? 'true' : 'false');
    for (const button of actions.querySelectorAll('button')) button.disabled = busy;
    retry.setBusy(busy);
  };
  const run = async (action: () => Promise<unknown>) => {
    if (busy) return;
    error.textContent = '';
    errorMark = null;
    busy = true;
    showBusy();
    try {
      await action();
    } catch (failure) {
      error.textContent = describeError(failure);
      errorMark = markError(seen());
    } finally {
      busy = false;
      showBusy();
    }
  };

  function update(project: Project, bridge: Bridge | null): void {
    // Resources change every poll, the rest rarely: they are rendered outside the signature.
    renderResourceLine(resources, bridge);
    retry.update(project.name);
    usageBadge.show(project.name);
    shownBridge = bridge;
    if (errorMark) {
      errorMark = nextErrorMark(errorMark, seen());
      if (!errorMark) error.textContent = '';
    }
    const next = JSON.stringify([project, bridge]);
    if (next === signature) return;
    signature = next;
    const hadFocus = actions.contains(document.activeElement);
    el.dataset.project = project.name;
    el.dataset.status = bridge?.status ?? 'none';
    title.textContent = project.name;
    title.title = project.path;
    renderStatus(status, bridge?.status ?? 'none');
    const outside = externalPid(project, bridge);
    replaceChildren(
      chips,
      trustChip(project),
      project.git ? chip('git', 'Git', 'chip') : null,
      outside === null
        ? null
        : chip('alert', `Bridged outside clauster (pid ${outside})`, 'chip chip-warn'),
      isLive(bridge) && bridge?.adopted ? adoptedChip() : null,
      usageBadge.el,
    );
    const why = outside === null ? (bridge?.reason ?? '') : outsideHint(project, outside);
    reason.hidden = why === '' || (outside === null && isLiveRunning(bridge));
    reason.textContent = why;
    replaceChildren(
      actions,
      ...buildActions(project, bridge, run, onNavigate),
      claudeMdButton(project),
      conversationsLink(project),
    );
    // "Stop" alone is the same on every card: name each action after its project too.
    for (const action of actions.children) {
      action.setAttribute('aria-label', `${action.textContent?.trim()}, ${project.name}`);
    }
    if (busy) showBusy();
    if (hadFocus) actions.querySelector<HTMLElement>('button, a')?.focus();
  }

  const destroy = () => {
    usageBadge.destroy();
    retry.destroy();
  };
  return { el, update, destroy };
}

function isLiveRunning(bridge: Bridge | null): boolean {
  return bridge?.status === 'running';
}

/** The pid of a bridge running outside clauster, unless our own bridge is live. */
function externalPid(project: Project, bridge: Bridge | null): number | null {
  return project.external_bridge && !isLive(bridge) ? project.external_bridge.pid : null;
}

function outsideHint(project: Project, pid: number): string {
  const base = `A claude remote-control started outside clauster (pid ${pid}) serves this project.`;
  if (project.external_bridge?.adoptable)
    return `${base} Adopt it to manage it here, or stop it before starting one from clauster.`;
  const why = project.external_bridge?.reason
    ? ` It cannot be adopted: ${project.external_bridge.reason}.`
    : '';
  return `${base}${why} To start it here, stop that one first, or let it be.`;
}

function adoptedChip(): HTMLElement {
  const node = chip('info', 'Adopted', 'chip');
  node.title = 'Started outside clauster and adopted: its output was not captured';
  return node;
}

/** The Adopt button, when a confirmed bridge outside clauster serves the project. */
function adoptButton(project: Project, bridge: Bridge | null, run: Runner): HTMLElement | null {
  const outside = externalPid(project, bridge);
  if (outside === null || project.external_bridge?.adoptable !== true) return null;
  const adopt = button('download', 'Adopt…', 'btn btn-primary', () =>
    run(() => adoptBridge(project, outside)),
  );
  adopt.title = 'Let clauster manage (and be able to stop) this bridge without restarting it';
  return adopt;
}

function trustChip(project: Project): HTMLElement {
  const node = project.trusted
    ? chip('shieldCheck', 'Trusted', 'chip chip-ok')
    : chip('shieldOff', 'Not trusted', 'chip chip-warn');
  if (project.trust_reason) node.title = project.trust_reason;
  return node;
}

function chip(name: Parameters<typeof icon>[0], text: string, className: string): HTMLElement {
  return h('span', { class: className }, icon(name), text);
}

type Runner = (action: () => Promise<unknown>) => Promise<void>;

function buildActions(
  project: Project,
  bridge: Bridge | null,
  run: Runner,
  navigate: (hash: string) => void,
): (HTMLElement | null)[] {
  const details = bridge
    ? h(
        'a',
        { class: 'btn', attrs: { href: `#/bridges/${bridge.id}` } },
        icon('terminal'),
        bridge && isLive(bridge) ? 'Details' : 'Logs',
      )
    : null;
  if (bridge && isLive(bridge)) {
    const open = bridge.url
      ? h(
          'a',
          {
            class: 'btn btn-primary',
            attrs: { href: bridge.url, target: '_blank', rel: 'noopener noreferrer' },
          },
          icon('external'),
          'Open in Claude',
        )
      : null;
    const stop = button('stop', 'Stop', 'btn btn-stop', () => run(() => stopBridge(bridge)));
    return [open, details, stop];
  }
  if (!project.trusted) {
    return [
      button('shieldCheck', 'Trust…', 'btn btn-primary', () => run(() => trustProject(project))),
      ...(details ? [details] : []),
    ];
  }
  const start = button('play', bridge ? 'Start again…' : 'Start…', 'btn btn-primary', () =>
    openStartDialog(project, (started) => navigate(`#/bridges/${started.id}`), { from: bridge }),
  );
  const outside = externalPid(project, bridge);
  if (outside !== null) {
    // The server refuses the start anyway (409 bridged-elsewhere); say why up front.
    start.disabled = true;
    start.title = `Stop the claude remote-control running outside clauster (pid ${outside}) first`;
  }
  const adopt = adoptButton(project, bridge, run);
  if (adopt !== null) start.className = 'btn';
  if (!bridge) return [adopt, start];
  const forget = button('trash', 'Forget', 'btn btn-quiet', () => run(() => forgetBridge(bridge)));
  forget.title = 'Remove this stopped bridge from the list (its log files stay on disk)';
  return [adopt, start, details, forget];
}

function button(
  name: Parameters<typeof icon>[0],
  text: string,
  className: string,
  onClick: () => void,
): HTMLButtonElement {
  return h(
    'button',
    { class: className, attrs: { type: 'button' }, on: { click: onClick } },
    icon(name),
    text,
  );
}
