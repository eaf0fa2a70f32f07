// "Restart clauster" on the Settings page (POST /api/restart), shown only when the server says
// a supervisor will start it again (`restart_available` in GET /api/config). Confirm → POST
// (a login older than 10 minutes asks for the password first) → "Restarting…" → poll
// /healthz once a second until clauster is back (restart-wait.ts), then reload the page.

import { ApiError, appUrl, describeError, requestJson } from './api.js';
import { confirmDialog, dialogActions, formField, openDialog } from './dialog.js';
import { h, uniqueId } from './dom.js';
import { icon } from './icons.js';
import { type HealthAnswer, waitForRestart } from './restart-wait.js';

const PROBE_TIMEOUT_MS = 3000;

export interface RestartButton {
  el: HTMLElement;
  /** Shows or hides the whole block (GET /api/config `restart_available`). */
  setAvailable(available: boolean): void;
}

/** Builds the restart block (hidden until setAvailable(true)). */
export function createRestartButton(): RestartButton {
  const button = h(
    'button',
    { class: 'btn', attrs: { type: 'button' } },
    icon('refresh'),
    'Restart clauster',
  );
  const status = h('p', { class: 'view-sub', attrs: { role: 'status', 'aria-live': 'polite' } });
  const el = h(
    'div',
    { class: 'settings-restart', attrs: { hidden: true } },
    h('p', {
      class: 'view-sub',
      text: 'Settings apply after a restart. Running bridges keep running.',
    }),
    button,
    status,
  );

  const restart = async () => {
    const confirmed = await confirmDialog({
      title: 'Restart clauster?',
      message: [
        'clauster stops and its service manager starts it again, with the saved settings.',
        'Running bridges keep running, and this page reconnects when clauster is back.',
      ],
      confirmLabel: 'Restart',
    });
    if (!confirmed) return;
    button.disabled = true;
    status.textContent = '';
    try {
      const before = (await probeHealth()).startedAt;
      await postRestart();
      status.textContent = 'Restarting…';
      const outcome = await waitForRestart({
        before,
        probe: probeHealth,
        sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
        now: () => Date.now(),
      });
      if (outcome === 'back') {
        status.textContent = 'clauster is back. Reloading…';
        location.reload();
        return;
      }
      status.textContent =
        'clauster did not come back within 60 seconds. Check its service (systemctl status clauster, journalctl -u clauster) or start it by hand.';
    } catch (error) {
      status.textContent =
        error instanceof ApiError && error.code === 'aborted' ? '' : describeError(error);
    }
    button.disabled = false;
  };
  button.addEventListener('click', () => void restart());

  return {
    el,
    setAvailable(available) {
      el.hidden = !available;
    },
  };
}

/** POST /api/restart; a stale login (reauth-required) asks for the password, then retries. */
async function postRestart(): Promise<void> {
  try {
    await requestJson('POST', 'api/restart');
  } catch (error) {
    if (!(error instanceof ApiError) || error.code !== 'reauth-required') throw error;
    const password = await askPassword();
    if (password === null) throw new ApiError('aborted', '', 0, null);
    await requestJson('POST', 'login', { password });
    await requestJson('POST', 'api/restart');
  }
}

/** A password dialog: resolves the password, or null when cancelled. */
function askPassword(): Promise<string | null> {
  return new Promise((resolve) => {
    const handle = openDialog('Enter your password to restart');
    const input = h('input', {
      id: uniqueId('restart-password'),
      class: 'input',
      attrs: { type: 'password', autocomplete: 'current-password', required: true },
    });
    const confirm = h('button', {
      class: 'btn btn-primary',
      text: 'Restart',
      attrs: { type: 'submit' },
    });
    let answer: string | null = null;
    const form = h(
      'form',
      { attrs: { method: 'dialog' } },
      h('p', { text: 'Your login is older than 10 minutes.' }),
      formField('Password', input),
      dialogActions(handle, confirm),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (input.value === '') return;
      answer = input.value;
      handle.close();
    });
    handle.body.appendChild(form);
    handle.dialog.addEventListener('close', () => resolve(answer));
    input.focus();
  });
}

/** One GET /healthz, never throwing: a failure or a non-200 answer is `ok: false`. */
async function probeHealth(): Promise<HealthAnswer> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), PROBE_TIMEOUT_MS);
  try {
    const response = await fetch(appUrl('healthz'), {
      credentials: 'same-origin',
      cache: 'no-store',
      signal: controller.signal,
    });
    if (!response.ok) return { ok: false, startedAt: null };
    const body: unknown = await response.json().catch(() => null);
    const startedAt =
      typeof body === 'object' && body !== null && 'started_at' in body ? body.started_at : null;
    return { ok: true, startedAt: typeof startedAt === 'string' ? startedAt : null };
  } catch {
    return { ok: false, startedAt: null };
  } finally {
    clearTimeout(timer);
  }
}
