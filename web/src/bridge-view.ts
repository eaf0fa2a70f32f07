// Bridge view: status and reason, uptime, the connect link and its QR code, actions, and
// the live redacted log. A bridge that does not exist (forgotten, here or in another tab, or
// a stale link) shows only that and the way back: no panels, no log socket.

import { ApiError, describeError, requestJson } from './api.js';
import { createAutostartLine } from './autostart-line.js';
import { hasLiveBridge, retryPageBridge } from './autostart-retry.js';
import { forgetBridge, stopBridge } from './bridge-actions.js';
import { renderFacts, renderGone } from './bridge-parts.js';
import { type ErrorMark, markError, nextErrorMark } from './card-error.js';
import { connectNote } from './connect-note.js';
import { renderConnect } from './connect-panel.js';
import type { Bridge } from './contract.js';
import { isLive } from './contract.js';
import { h, replaceChildren } from './dom.js';
import { formatDuration } from './format.js';
import { icon } from './icons.js';
import { inlineText } from './inline-code.js';
import { createLogPanel, type LogPanel } from './log-panel.js';
import { createResourceLine, renderResourceLine } from './resource-line.js';
import { openStartDialog } from './start-dialog.js';
import { markBridgeEvents, putBridge, state, subscribe, tabTitle } from './state.js';
import { renderStatus } from './status-badge.js';
import type { Navigate, View } from './view.js';

/** Builds the view for one bridge id. */
export function createBridgeView(bridgeId: string, navigate: Navigate): View {
  const title = h('h1', { text: 'Bridge', attrs: { tabindex: '-1' } });
  const status = h('span', { class: 'status' });
  const reason = h('p', { class: 'banner banner-warn', attrs: { hidden: true } });
  const advice = h('p', { class: 'banner banner-note advice', attrs: { hidden: true } });
  const connect = h('section', {
    class: 'panel panel-connect',
    attrs: { 'aria-labelledby': 'connect-h' },
  });
  const facts = h('dl', { class: 'facts' });
  const actions = h('div', { class: 'card-actions' });
  const error = h('p', { class: 'card-error', attrs: { role: 'alert' } });
  const details = h(
    'section',
    { class: 'panel panel-details', attrs: { 'aria-labelledby': 'details-h' } },
    h('h2', { id: 'details-h', text: 'Details' }),
    facts,
  );
  const notCaptured = h('p', {
    class: 'banner banner-note',
    attrs: { hidden: true },
    text: 'This bridge was started outside clauster and adopted while it ran. Its output goes wherever it was started and was never captured, so its log below stays empty.',
  });
  const resources = createResourceLine();
  // The project's pending autostart retry, on the page of the bridge its card shows only.
  const retry = createAutostartLine((action) => run('retry', action), {
    fallbackFocus: () => actions.querySelector<HTMLElement>('button:enabled'),
  });
  const el = h(
    'section',
    { class: 'view view-bridge' },
    h('a', { class: 'back', attrs: { href: '#/' } }, icon('back'), 'Projects'),
    h('div', { class: 'view-head' }, h('div', { class: 'title-row' }, title, status), actions),
    resources,
    error,
    reason,
    advice,
    retry.el,
    h('div', { class: 'bridge-grid' }, connect, details),
    notCaptured,
  );
  // Opened once the bridge is known, so a missing one never opens (and retries) a log socket.
  let logs: LogPanel | null = null;
  let gone = false;
  let shown = '';
  let pageTitle = 'Bridge';
  let shownConnect = '';
  let uptime: HTMLElement | null = null;
  // The action under way: its button says so, and every action button is disabled meanwhile
  // (a stop can take stop_grace_seconds; pressing again would ask a second time).
  let busy: Busy | null = null;
  // Set while an action error is shown; newer news about the bridge clears it (card-error.ts).
  let errorMark: ErrorMark | null = null;
  const seen = () => ({
    connection: state.connection,
    bridge: state.bridges.get(bridgeId) ?? null,
  });

  const showActions = (bridge: Bridge) => {
    const hadFocus = actions.contains(document.activeElement);
    replaceChildren(actions, ...buildActions(bridge, run, navigate, busy));
    for (const button of actions.querySelectorAll('button')) button.disabled = busy !== null;
    retry.setBusy(busy !== null);
    actions.setAttribute('aria-busy', busy ? 'true' : 'false');
    if (hadFocus) actions.querySelector<HTMLElement>('button')?.focus();
  };
  const run: Runner = async (what, action) => {
    if (busy) return;
    busy = what;
    const hadFocus = actions.contains(document.activeElement);
    error.textContent = '';
    errorMark = null;
    const before = state.bridges.get(bridgeId);
    if (before) showActions(before);
    try {
      await action();
    } catch (failure) {
      error.textContent = describeError(failure);
      errorMark = markError(seen());
    } finally {
      busy = null;
      const after = state.bridges.get(bridgeId);
      if (!gone && after) {
        showActions(after);
        // The disabled button lost focus (to the page): give it back to the actions.
        const lost = document.activeElement === null || document.activeElement === document.body;
        if (hadFocus && lost) actions.querySelector<HTMLElement>('button:enabled')?.focus();
      }
    }
  };

  const render = () => {
    if (gone) return;
    if (errorMark) {
      errorMark = nextErrorMark(errorMark, seen());
      if (!errorMark) error.textContent = '';
    }
    const bridge = state.bridges.get(bridgeId);
    // Shown before and now removed (Forget, here or in another tab; or a fresh snapshot).
    if (!bridge) {
      if (shown !== '') showGone();
      return;
    }
    if (!logs) {
      logs = createLogPanel(bridgeId);
      el.append(logs.el);
    }
    logs.setLive(isLive(bridge));
    renderResourceLine(resources, bridge);
    const showsRetry =
      state.autostartRetries.has(bridge.project) &&
      retryPageBridge(state.bridges.values(), bridge.project)?.id === bridgeId;
    retry.update(showsRetry ? bridge.project : null);
    const signature = JSON.stringify(bridge);
    if (signature === shown) return;
    shown = signature;
    title.textContent =
      bridge.name && bridge.name !== bridge.project
        ? `${bridge.project} · ${bridge.name}`
        : bridge.project;
    pageTitle = bridge.project;
    document.title = tabTitle(pageTitle);
    renderStatus(status, bridge.status);
    reason.hidden = !bridge.reason;
    reason.textContent = bridge.reason ?? '';
    advice.hidden = !bridge.advice;
    replaceChildren(
      advice,
      ...(bridge.advice ? ['What to do: ', ...inlineText(bridge.advice)] : []),
    );
    notCaptured.hidden = bridge.adopted !== true;
    const connectSignature = `${bridge.url}|${connectNote(bridge)}`;
    if (connectSignature !== shownConnect) {
      shownConnect = connectSignature;
      renderConnect(connect, bridge);
    }
    uptime = renderFacts(facts, bridge);
    tick();
    showActions(bridge);
  };
  const tick = () => {
    const bridge = state.bridges.get(bridgeId);
    if (!uptime || !bridge) return;
    const end = bridge.stopped_at ? Date.parse(bridge.stopped_at) : Date.now();
    uptime.textContent = formatDuration(end - Date.parse(bridge.started_at));
  };

  const stop = () => {
    unsubscribe();
    window.clearInterval(clock);
    retry.destroy();
    logs?.destroy();
    logs = null;
  };
  const showGone = () => {
    gone = true;
    stop();
    pageTitle = 'Bridge not found';
    document.title = tabTitle(pageTitle);
    title.textContent = pageTitle;
    // The heading element is kept, so focus the router put on it stays there.
    replaceChildren(el, ...renderGone(title));
  };

  const unsubscribe = subscribe(render);
  const clock = window.setInterval(tick, 1000);
  if (state.bridges.has(bridgeId)) render();
  else {
    const since = markBridgeEvents();
    requestJson<{ bridge: Bridge }>('GET', `api/bridges/${encodeURIComponent(bridgeId)}`)
      .then((data) => putBridge(data.bridge, since))
      .catch((failure) => {
        if (gone) return;
        if (failure instanceof ApiError && failure.status === 404) return showGone();
        reason.hidden = false;
        reason.textContent = describeError(failure);
      });
  }
  return {
    el,
    get title() {
      return pageTitle;
    },
    destroy() {
      gone = true;
      stop();
    },
  };
}

type Busy = 'stop' | 'forget' | 'retry';
type Runner = (what: Busy, action: () => Promise<unknown>) => Promise<void>;

function buildActions(
  bridge: Bridge,
  run: Runner,
  navigate: Navigate,
  busy: Busy | null,
): (HTMLElement | null)[] {
  if (isLive(bridge)) {
    return [
      h(
        'button',
        {
          class: 'btn btn-stop',
          attrs: { type: 'button' },
          on: { click: () => run('stop', () => stopBridge(bridge)) },
        },
        icon('stop'),
        busy === 'stop' ? 'Stopping…' : 'Stop bridge',
      ),
    ];
  }
  const project = state.projects?.find((p) => p.name === bridge.project);
  const live = hasLiveBridge(state.bridges.values(), bridge.project);
  const again =
    project?.trusted && !live
      ? h(
          'button',
          {
            class: 'btn btn-primary',
            attrs: { type: 'button' },
            on: {
              click: () =>
                openStartDialog(project, (started) => navigate(`#/bridges/${started.id}`), {
                  from: bridge,
                }),
            },
          },
          icon('play'),
          'Start again…',
        )
      : null;
  const forget = h(
    'button',
    {
      class: 'btn btn-quiet',
      attrs: { type: 'button' },
      on: {
        click: () =>
          run('forget', async () => {
            await forgetBridge(bridge);
            navigate('#/');
          }),
      },
    },
    icon('trash'),
    busy === 'forget' ? 'Forgetting…' : 'Forget',
  );
  return [again, forget];
}
