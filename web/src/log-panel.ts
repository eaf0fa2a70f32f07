// Live, redacted bridge log from /ws/logs/{id}: tail then follow, pause, filter, copy. The
// server redacts; the page only ever holds MAX_LINES lines in the DOM. An empty stream says
// so inside the box instead of showing a blank one.

import { socketUrl } from './api.js';
import { copyText } from './clipboard.js';
import type { LogMessage } from './contract.js';
import { h, setText, uniqueId } from './dom.js';
import { icon } from './icons.js';

export const MAX_LINES = 1000;
const TAIL = 200;
const RETRY_MS = 3000;
// The tail follows the socket's open within milliseconds; waiting a moment before saying the
// stream is empty keeps the note from flashing up in front of every log.
const EMPTY_NOTE_DELAY_MS = 400;
/** The empty stream's note, while the bridge runs and once it has stopped. */
export const EMPTY_LOG_TEXT = { live: 'No lines yet.', stopped: 'No output was captured.' };

export interface LogPanel {
  el: HTMLElement;
  /** Whether the bridge still runs (it picks the empty stream's note). */
  setLive(live: boolean): void;
  destroy(): void;
}

/** Creates the log panel and opens its socket. */
export function createLogPanel(bridgeId: string): LogPanel {
  const log = h('div', {
    class: 'log',
    attrs: { role: 'log', 'aria-label': 'Bridge log', tabindex: '0' },
  });
  const status = h('p', { class: 'log-status', attrs: { 'aria-live': 'polite' } });
  const follow = toggle('follow', 'Follow', true);
  const pause = toggle('pause', 'Pause', false);
  const filterId = uniqueId('log-filter');
  const filter = h('input', {
    id: filterId,
    class: 'input',
    attrs: {
      type: 'search',
      placeholder: 'Filter lines',
      autocomplete: 'off',
      spellcheck: 'false',
    },
  });
  const copy = h(
    'button',
    { class: 'btn btn-small', attrs: { type: 'button' } },
    icon('copy'),
    'Copy',
  );
  const source = h(
    'select',
    { class: 'input input-small', attrs: { 'aria-label': 'Which log' } },
    h('option', { text: 'Debug log', attrs: { value: 'debug' } }),
    h('option', { text: 'Output', attrs: { value: 'stdout' } }),
    h('option', { text: 'Errors', attrs: { value: 'stderr' } }),
  );
  const toolbar = h(
    'div',
    { class: 'log-toolbar' },
    source,
    follow,
    pause,
    h('label', { class: 'sr-only', attrs: { for: filterId }, text: 'Filter log lines' }),
    h('div', { class: 'filter filter-small' }, icon('search'), filter),
    copy,
  );
  const el = h(
    'section',
    { class: 'panel panel-log', attrs: { 'aria-labelledby': `${filterId}-h` } },
    h('h2', { id: `${filterId}-h`, text: 'Log' }),
    toolbar,
    log,
    status,
  );

  const emptyNote = h('p', { class: 'log-empty', text: EMPTY_LOG_TEXT.live });
  let emptyTimer: number | undefined;
  const held: string[] = [];
  let socket: WebSocket | null = null;
  let closed = false;
  let retry: number | undefined;
  let attempts = 0;

  const matches = (text: string) => {
    const query = filter.value.trim().toLowerCase();
    return query === '' || text.toLowerCase().includes(query);
  };
  const showEmptyNote = () => {
    if (!closed && !log.querySelector('.line')) log.prepend(emptyNote);
  };
  const addLines = (lines: string[], kind = 'line') => {
    if (lines.length > 0) emptyNote.remove();
    const fragment = document.createDocumentFragment();
    for (const text of lines) {
      const line = h('div', { class: kind, text });
      line.hidden = !matches(text);
      fragment.appendChild(line);
    }
    log.appendChild(fragment);
    while (log.childElementCount > MAX_LINES) log.firstElementChild?.remove();
    if (isOn(follow)) log.scrollTop = log.scrollHeight;
  };
  const receive = (message: LogMessage) => {
    if (message.type === 'reset') {
      log.replaceChildren();
      held.length = 0;
      addLines(['— log restarted (rotated or truncated) —'], 'line note');
      return;
    }
    const lines =
      message.type === 'lines'
        ? message.lines
        : [`— ${message.count} lines skipped (the connection was too slow) —`];
    if (isOn(pause)) {
      held.push(...lines);
      if (held.length > MAX_LINES) held.splice(0, held.length - MAX_LINES);
      status.textContent = `Paused · ${held.length} new ${held.length === 1 ? 'line' : 'lines'} waiting`;
      return;
    }
    addLines(lines, message.type === 'lines' ? 'line' : 'line note');
  };

  const connect = (first: boolean) => {
    const query = `tail=${TAIL}&file=${encodeURIComponent(source.value)}`;
    const ws = new WebSocket(socketUrl(`ws/logs/${encodeURIComponent(bridgeId)}?${query}`));
    socket = ws;
    let opened = false;
    ws.addEventListener('open', () => {
      opened = true;
      // The tail is sent again on every connect, so start from a clean view.
      if (!first) log.replaceChildren();
      status.textContent = '';
      window.clearTimeout(emptyTimer);
      emptyTimer = window.setTimeout(showEmptyNote, EMPTY_NOTE_DELAY_MS);
    });
    ws.addEventListener('message', (event) => {
      if (socket !== ws || typeof event.data !== 'string') return;
      try {
        receive(JSON.parse(event.data) as LogMessage);
      } catch {
        // A malformed frame is skipped; the next batch still shows.
      }
    });
    ws.addEventListener('close', (event) => {
      if (socket !== ws || closed) return;
      socket = null;
      if (event.code === 1000 || event.code === 1008 || event.code === 4401) {
        status.textContent = 'The log stream ended.';
        return;
      }
      attempts = opened ? 1 : attempts + 1;
      status.textContent = opened
        ? 'Log connection lost; reconnecting…'
        : 'Could not open the log; retrying…';
      retry = window.setTimeout(() => connect(false), Math.min(30_000, RETRY_MS * attempts));
    });
  };

  follow.addEventListener('click', () => {
    setOn(follow, !isOn(follow));
    if (isOn(follow)) log.scrollTop = log.scrollHeight;
  });
  pause.addEventListener('click', () => {
    setOn(pause, !isOn(pause));
    if (!isOn(pause)) {
      const lines = held.splice(0);
      status.textContent = '';
      addLines(lines);
    } else {
      status.textContent = 'Paused';
    }
  });
  // Scrolling up to read stops following; scrolling back to the end resumes it.
  log.addEventListener('scroll', () => {
    const atEnd = log.scrollHeight - log.scrollTop - log.clientHeight < 8;
    if (atEnd !== isOn(follow)) setOn(follow, atEnd);
  });
  filter.addEventListener('input', () => {
    for (const line of log.children) {
      if (line instanceof HTMLElement && line !== emptyNote)
        line.hidden = !matches(line.textContent ?? '');
    }
  });
  source.addEventListener('change', () => {
    window.clearTimeout(retry);
    const previous = socket;
    socket = null;
    previous?.close(1000, 'switching log');
    log.replaceChildren();
    held.length = 0;
    connect(true);
  });
  copy.addEventListener('click', async () => {
    const text = [...log.children]
      .filter((line) => line instanceof HTMLElement && line !== emptyNote && !line.hidden)
      .map((line) => line.textContent ?? '')
      .join('\n');
    status.textContent = (await copyText(text))
      ? 'Copied the visible lines.'
      : 'Copy is not available here; select the text instead.';
  });

  connect(true);
  return {
    el,
    setLive(live) {
      // Every state change calls this: rewriting the same words would re-announce the note.
      setText(emptyNote, live ? EMPTY_LOG_TEXT.live : EMPTY_LOG_TEXT.stopped);
    },
    destroy() {
      closed = true;
      window.clearTimeout(retry);
      window.clearTimeout(emptyTimer);
      socket?.close(1000, 'view closed');
      socket = null;
    },
  };
}

function toggle(name: 'follow' | 'pause', text: string, on: boolean): HTMLButtonElement {
  const button = h(
    'button',
    { class: 'btn btn-small btn-toggle', attrs: { type: 'button', 'aria-pressed': String(on) } },
    icon(name),
    text,
  );
  return button;
}

function isOn(button: HTMLButtonElement): boolean {
  return button.getAttribute('aria-pressed') === 'true';
}

function setOn(button: HTMLButtonElement, on: boolean): void {
  button.setAttribute('aria-pressed', String(on));
}
