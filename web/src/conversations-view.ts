// Conversations of one project (read only): the main Claude Code conversations found in its
// transcripts, newest first, with a search box and a sort. Every string shown comes from the
// server already redacted and is put in the page as text, never as markup.

import { describeError, requestJson } from './api.js';
import { h, replaceChildren, uniqueId } from './dom.js';
import { formatAgo, formatBytes, formatDateTime } from './format.js';
import { icon } from './icons.js';
import type { View } from './view.js';

export interface ConversationEntry {
  session_id: string;
  title: string;
  started_at: string | null;
  updated_at: string;
  turns: number;
  size: number;
}

interface ConversationList {
  conversations: ConversationEntry[];
  total: number;
  unreadable_files: number;
}

const SEARCH_DELAY_MS = 300;

/** The hash of a project's conversation list, or of one conversation in it. */
export function conversationsHash(project: string, sessionId?: string): string {
  const base = `#/project/${encodeURIComponent(project)}/conversations`;
  return sessionId === undefined ? base : `${base}/${encodeURIComponent(sessionId)}`;
}

/** The "Conversations" link of a project card. */
export function conversationsLink(project: { name: string }): HTMLAnchorElement {
  return h(
    'a',
    {
      class: 'btn btn-quiet',
      attrs: {
        href: conversationsHash(project.name),
        title: `Read the Claude Code conversations of ${project.name}`,
      },
    },
    icon('file'),
    'Conversations',
  );
}

/** Builds the list view of `project`'s conversations. */
export function createConversationsView(project: string): View {
  const sortId = uniqueId('conv-sort');
  const search = h('input', {
    class: 'input',
    attrs: {
      type: 'search',
      placeholder: 'Search titles',
      'aria-label': 'Search conversation titles',
      autocomplete: 'off',
      maxlength: '200',
    },
  });
  const sort = h(
    'select',
    { class: 'input', id: sortId },
    h('option', { text: 'Last updated', attrs: { value: 'updated' } }),
    h('option', { text: 'Started', attrs: { value: 'started' } }),
  );
  const summary = h('p', { class: 'view-sub', attrs: { 'aria-live': 'polite' }, text: 'Loading…' });
  const list = h('ul', { class: 'conversations', attrs: { 'aria-label': 'Conversations' } });
  const el = h(
    'section',
    { class: 'view view-conversations' },
    h('a', { class: 'back', attrs: { href: '#/' } }, icon('back'), 'Projects'),
    h(
      'div',
      { class: 'view-head' },
      h(
        'div',
        {},
        h('h1', { text: `Conversations · ${project}`, attrs: { tabindex: '-1' } }),
        summary,
      ),
    ),
    h(
      'div',
      { class: 'conversation-tools' },
      h('div', { class: 'filter' }, icon('search'), search),
      h('label', { class: 'conversation-sort', attrs: { for: sortId } }, 'Sort', sort),
    ),
    list,
  );
  let alive = true;
  let controller: AbortController | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const load = async () => {
    controller?.abort();
    const mine = new AbortController();
    controller = mine;
    const query = new URLSearchParams({ sort: sort.value, q: search.value.trim() });
    const path = `api/projects/${encodeURIComponent(project)}/transcripts?${query}`;
    try {
      const data = await requestJson<ConversationList>('GET', path, undefined, {
        signal: mine.signal,
      });
      if (!alive || controller !== mine) return;
      summary.textContent = describeCount(data, search.value.trim() !== '');
      replaceChildren(list, ...data.conversations.map((entry) => renderEntry(project, entry)));
    } catch (error) {
      if (alive && controller === mine) {
        summary.textContent = `Could not list the conversations: ${describeError(error)}`;
      }
    }
  };

  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => void load(), SEARCH_DELAY_MS);
  });
  sort.addEventListener('change', () => void load());
  void load();

  return {
    el,
    title: `Conversations · ${project}`,
    destroy: () => {
      alive = false;
      clearTimeout(timer);
      controller?.abort();
    },
  };
}

function describeCount(data: ConversationList, searching: boolean): string {
  const unreadable =
    data.unreadable_files > 0 ? ` ${data.unreadable_files} could not be read.` : '';
  if (data.total === 0) {
    return `${searching ? 'No conversation matches.' : 'No conversations yet.'}${unreadable}`;
  }
  const shown = data.conversations.length;
  const count =
    shown < data.total
      ? `The ${shown} most recent of ${data.total} conversations.`
      : `${data.total} ${data.total === 1 ? 'conversation' : 'conversations'}.`;
  return `${count}${unreadable}`;
}

function renderEntry(project: string, entry: ConversationEntry): HTMLLIElement {
  const meta = [
    `${entry.turns} ${entry.turns === 1 ? 'turn' : 'turns'}`,
    `updated ${formatAgo(entry.updated_at)}`,
    formatBytes(entry.size),
  ].join(' · ');
  const link = h(
    'a',
    {
      class: 'conversation-link',
      attrs: { href: conversationsHash(project, entry.session_id) },
    },
    h('span', { class: 'conversation-title', text: entry.title || '(untitled)' }),
    h('span', { class: 'conversation-meta', text: meta }),
  );
  if (entry.started_at) link.title = `Started ${formatDateTime(entry.started_at)}`;
  return h('li', { class: 'conversation', attrs: { 'data-session': entry.session_id } }, link);
}
