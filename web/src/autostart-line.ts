// The pending autostart retry of a project, on its card and on the page of the bridge its card
// shows unless that one is live (retryPageBridge): "Autostart retries in 32 s (attempt 3)"
// counting down each second while one is pending (no polling: the autostart events say when it
// is scheduled and cleared), below it why the last start was refused
// when it was (its own node: the tick never rewrites it), and "Stop retrying", which asks the
// server to cancel the retry (also for a project whose start is refused before it has any
// record), never stopping a bridge. Announced politely once per
// scheduled retry; the countdown itself never is (as on the login page). Focus held by the line
// when it goes moves to the outcome text, else to the host's first enabled action button.

import {
  announceRetry,
  describeRefusal,
  describeRetry,
  hasLiveBridge,
  type RetryCountdown,
} from './autostart-retry.js';
import { stopRetrying } from './bridge-actions.js';
import { h, setText } from './dom.js';
import { icon } from './icons.js';
import { state } from './state.js';

export interface AutostartLine {
  el: HTMLElement;
  /** Shows `project`'s pending retry, if any (null: none); cheap, call on every state change. */
  update(project: string | null): void;
  /** Disables the button while the host runs an action (its own included). */
  setBusy(busy: boolean): void;
  destroy(): void;
}

type Runner = (action: () => Promise<unknown>) => Promise<void>;

export interface AutostartLineOptions {
  /** Where focus goes when the line held it and goes with no outcome text to focus. */
  fallbackFocus?: () => HTMLElement | null;
}

/** Creates the line; `run` is the host's action runner (busy and error handling). */
export function createAutostartLine(
  run: Runner,
  options: AutostartLineOptions = {},
): AutostartLine {
  const text = h('span', { class: 'autostart-when' });
  const button = h(
    'button',
    { class: 'btn btn-quiet', attrs: { type: 'button' } },
    icon('stop'),
    'Stop retrying',
  );
  const why = h('span', { class: 'autostart-refused' });
  const line = h('p', { class: 'autostart-retry', attrs: { hidden: true } }, text, button, why);
  const announced = h('span', { class: 'sr-only', attrs: { 'aria-live': 'polite' } });
  // The answer of the last Stop retrying; kept after the line goes, until a new retry.
  const outcome = h('p', {
    class: 'autostart-outcome',
    attrs: { role: 'status', tabindex: '-1' },
  });
  const el = h('div', { class: 'autostart' }, line, announced, outcome);
  let shown: RetryCountdown | null = null;
  let project = '';
  let clock: number | undefined;

  const tick = () => {
    if (shown) setText(text, describeRetry(shown, Date.now()));
  };
  // Focus away from the line (it is going, or went): its outcome, else the host's action.
  const moveFocus = (): void => {
    if (outcome.textContent) outcome.focus();
    else options.fallbackFocus?.()?.focus();
  };
  const pressable = (): boolean => !line.hidden && !button.hidden && !button.disabled;
  // After a press, the button was disabled (focus fell to the page) or the line went meanwhile.
  const focusLost = (): boolean => {
    const active = document.activeElement;
    if (active === null || active === document.body) return true;
    return line.contains(active) && !pressable();
  };
  button.addEventListener('click', () => {
    if (project === '') return;
    const asked = project;
    const hadFocus = line.contains(document.activeElement);
    void run(async () => {
      const cancelled = await stopRetrying(asked);
      outcome.textContent = cancelled
        ? 'Autostart retry cancelled; autostart stays on for the next dashboard start.'
        : 'No autostart retry was pending any more.';
    }).then(() => {
      if (!hadFocus || !focusLost()) return;
      if (pressable()) button.focus();
      else moveFocus();
    });
  });

  function update(name: string | null): void {
    project = name ?? '';
    const retry = name === null ? null : (state.autostartRetries.get(name) ?? null);
    if (retry && retry.retry_at !== shown?.retry_at) outcome.textContent = '';
    shown = retry;
    setText(announced, announceRetry(retry));
    setText(why, describeRefusal(retry));
    const hadFocus = !line.hidden && line.contains(document.activeElement);
    line.hidden = retry === null;
    // Only with a retry pending: no scan of every bridge on each update of every card.
    button.hidden = retry === null || hasLiveBridge(state.bridges.values(), project);
    button.setAttribute('aria-label', `Stop retrying, ${project}`);
    if (retry && clock === undefined) clock = window.setInterval(tick, 1000);
    if (!retry) {
      window.clearInterval(clock);
      clock = undefined;
    }
    if (hadFocus && (line.hidden || button.hidden)) moveFocus();
    tick();
  }

  return {
    el,
    update,
    setBusy: (busy) => {
      button.disabled = busy;
    },
    destroy: () => window.clearInterval(clock),
  };
}
