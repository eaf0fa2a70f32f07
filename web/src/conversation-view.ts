// One conversation, read only: its last turns with role badges and times, tool calls with a
// monospace preview of their input, and a "Live" switch that asks for new turns every 3 s
// while the tab is visible (a poll, not a WebSocket: the server reads only what the
// transcript gained). Every string is set as text, never as markup.

import { describeError, requestJson } from './api.js';
import { conversationsHash } from './conversations-view.js';
import { h, replaceChildren } from './dom.js';
import { formatDateTime } from './format.js';
import { icon } from './icons.js';
import { turnsToAppend } from './live-turns.js';
import type { View } from './view.js';

interface ConversationTurn {
  index: number;
  role: 'user' | 'assistant' | 'tool' | 'summary';
  at: string | null;
  text: string;
  tool?: { name: string; input_preview: string };
  is_error?: boolean;
}

interface ConversationAnswer {
  turns: ConversationTurn[];
  truncated: number;
  total: number;
  skipped_lines: number;
}

const LIVE_POLL_MS = 3000;
/** Turns kept on the page; older ones are removed as new ones arrive. */
const MAX_SHOWN = 500;
const ROLE_LABEL = { user: 'You', assistant: 'Claude', tool: 'Tool result', summary: 'Summary' };

/** Builds the view of one conversation of `project`. */
export function createConversationView(project: string, sessionId: string): View {
  const base = `api/projects/${encodeURIComponent(project)}/transcripts/${encodeURIComponent(sessionId)}`;
  const summary = h('p', { class: 'view-sub', attrs: { 'aria-live': 'polite' }, text: 'Loading…' });
  const liveButton = h(
    'button',
    { class: 'btn', attrs: { type: 'button', 'aria-pressed': 'false' } },
    'Live',
  );
  const indicator = h('span', { class: 'live-indicator', attrs: { 'data-state': 'off' } });
  const turnsList = h('ol', { class: 'turns', attrs: { 'aria-label': 'Turns' } });
  const el = h(
    'section',
    { class: 'view view-conversation' },
    h(
      'a',
      { class: 'back', attrs: { href: conversationsHash(project) } },
      icon('back'),
      'Conversations',
    ),
    h(
      'div',
      { class: 'view-head' },
      h(
        'div',
        {},
        h('h1', { text: `Conversation · ${project}`, attrs: { tabindex: '-1' } }),
        summary,
      ),
      h('div', { class: 'live-controls' }, indicator, liveButton),
    ),
    turnsList,
  );
  let alive = true;
  let live = false;
  let total = 0;
  let timer: ReturnType<typeof setInterval> | undefined;
  let polling = false;
  // No tail before the first load: a tail from after=-1 would repeat the loaded turns.
  let loaded = false;

  const showIndicator = () => {
    const stateName = !live ? 'off' : document.visibilityState === 'visible' ? 'on' : 'paused';
    indicator.dataset.state = stateName;
    const words = { off: '', on: 'Live', paused: 'Live (paused while the tab is hidden)' };
    replaceChildren(
      indicator,
      stateName === 'off' ? null : h('span', { class: 'dot', attrs: { 'aria-hidden': 'true' } }),
      words[stateName],
    );
  };

  const describe = (answer: ConversationAnswer) => {
    const parts = [`${answer.total} ${answer.total === 1 ? 'turn' : 'turns'}`];
    if (answer.truncated > 0) parts.push(`the ${answer.truncated} earliest not shown`);
    if (answer.skipped_lines > 0) parts.push(`${answer.skipped_lines} unreadable lines skipped`);
    summary.textContent = `${parts.join(', ')}.`;
  };

  const loadAll = async () => {
    try {
      const answer = await requestJson<ConversationAnswer>('GET', base);
      if (!alive) return;
      total = answer.total;
      loaded = true;
      describe(answer);
      replaceChildren(turnsList, ...answer.turns.map(renderTurn));
      if (live) void poll();
    } catch (error) {
      if (alive) summary.textContent = `Could not read the conversation: ${describeError(error)}`;
    }
  };

  const poll = async () => {
    if (!alive || !live || !loaded || polling || document.visibilityState !== 'visible') return;
    polling = true;
    try {
      const answer = await requestJson<ConversationAnswer>(
        'GET',
        `${base}/tail?after=${total - 1}`,
      );
      if (!alive) return;
      // A transcript that shrank was replaced: show it again from the start.
      if (answer.total < total) return void (await loadAll());
      const fresh = turnsToAppend(total, answer.turns);
      total = answer.total;
      describe({ ...answer, truncated: Math.max(0, answer.total - MAX_SHOWN) });
      for (const turn of fresh) turnsList.append(renderTurn(turn));
      while (turnsList.children.length > MAX_SHOWN) turnsList.firstElementChild?.remove();
      if (fresh.length > 0) turnsList.lastElementChild?.scrollIntoView({ block: 'end' });
    } catch (error) {
      if (alive) summary.textContent = `Live update failed: ${describeError(error)}`;
    } finally {
      polling = false;
    }
  };

  const setLive = (on: boolean) => {
    live = on;
    liveButton.setAttribute('aria-pressed', String(on));
    clearInterval(timer);
    timer = on ? setInterval(() => void poll(), LIVE_POLL_MS) : undefined;
    showIndicator();
    if (on) void poll();
  };
  const onVisibility = () => {
    showIndicator();
    if (document.visibilityState === 'visible') void poll();
  };

  liveButton.addEventListener('click', () => setLive(!live));
  document.addEventListener('visibilitychange', onVisibility);
  showIndicator();
  void loadAll();

  return {
    el,
    title: `Conversation · ${project}`,
    destroy: () => {
      alive = false;
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisibility);
    },
  };
}

function renderTurn(turn: ConversationTurn): HTMLLIElement {
  const label = turn.tool ? 'Tool call' : ROLE_LABEL[turn.role];
  const head = h(
    'div',
    { class: 'turn-head' },
    h('span', { class: `role-badge role-${turn.role}`, text: label }),
    turn.is_error ? h('span', { class: 'role-badge role-error', text: 'error' }) : null,
    turn.at ? h('time', { text: formatDateTime(turn.at), attrs: { datetime: turn.at } }) : null,
  );
  const body = turn.tool
    ? h(
        'div',
        { class: 'turn-tool' },
        h('strong', { text: turn.tool.name }),
        h('pre', { class: 'turn-input', text: turn.tool.input_preview }),
      )
    : h('p', { class: 'turn-text', text: turn.text });
  const className = `turn turn-${turn.role}${turn.is_error ? ' turn-error' : ''}`;
  return h('li', { class: className, attrs: { 'data-index': String(turn.index) } }, head, body);
}
