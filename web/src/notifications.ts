// Browser notifications of bridge events (config `notifications.browser_enabled`): a bell in
// the header turns them on for this browser. Permission is asked for only from that click,
// never on page load; without a secure context (HTTPS or localhost) the bell is disabled and
// says why. Notices are shown only while the tab is in the background, and only for live
// events (a snapshot after connecting or reconnecting never notifies). Only the on/off choice
// is written to localStorage. The bell follows the browser: it re-renders when the permission
// changes (revoked in the site settings) and when the tab comes back into view.

import type { NotificationSettings } from './contract.js';
import { byId, h } from './dom.js';
import { icon } from './icons.js';
import { type BridgeTransition, describeBridgeNotice } from './notification-rules.js';
import { readStoredValue, writeStoredValue } from './stored-value.js';
import { showToast } from './toasts.js';

const KEY = 'clauster.notifications';
const INSECURE =
  'Browser notifications need a secure page: open this dashboard over HTTPS (or on localhost)';

let settings: NotificationSettings | null = null;
let bell: HTMLButtonElement | null = null;
/** The operator's choice for this browser (localStorage), read when the bell is set up. */
let chosen = false;
/** A requestPermission() is waiting for the operator: the bell is disabled until it settles. */
let asking = false;
let watchingBrowser = false;

function isSupported(): boolean {
  return window.isSecureContext && typeof window.Notification === 'function';
}

function readChoice(): boolean {
  return readStoredValue(KEY) === 'on';
}

/** Remembers the choice (storage may be disabled: then for this page only). */
function writeChoice(on: boolean): void {
  writeStoredValue(KEY, on ? 'on' : null);
}

/** On when chosen here and the browser still grants the permission. */
function isOn(): boolean {
  return chosen && isSupported() && Notification.permission === 'granted';
}

function render(button: HTMLButtonElement): void {
  const supported = isSupported();
  const on = isOn();
  button.disabled = !supported || asking;
  button.setAttribute('aria-pressed', String(on));
  button.replaceChildren(icon(on ? 'bell' : 'bellOff'));
  const label = !supported
    ? INSECURE
    : on
      ? 'Browser notifications: on. Turn off'
      : 'Browser notifications: off. Turn on';
  button.setAttribute('aria-label', label);
  button.title = label;
}

async function toggle(button: HTMLButtonElement): Promise<void> {
  if (!isSupported() || asking) return;
  if (isOn()) {
    chosen = false;
  } else {
    // Asked only here, from the operator's click (browsers ignore or punish asking unprompted).
    let answer = Notification.permission;
    if (answer === 'default') {
      asking = true;
      render(button);
      try {
        answer = await Notification.requestPermission();
      } catch {
        answer = Notification.permission;
      } finally {
        asking = false;
      }
    }
    chosen = answer === 'granted';
    if (!chosen) showToast('Notifications are blocked for this site in the browser settings.');
  }
  writeChoice(chosen);
  render(button);
}

/** Re-renders the bell on a permission change in the browser and when the tab is shown again. */
function watchBrowser(): void {
  if (watchingBrowser) return;
  watchingBrowser = true;
  const refresh = (): void => {
    if (bell) render(bell);
  };
  document.addEventListener('visibilitychange', refresh);
  // Not every browser can query this permission (or has navigator.permissions at all).
  try {
    void navigator.permissions
      ?.query({ name: 'notifications' })
      .then((status) => status.addEventListener('change', refresh))
      .catch(() => {});
  } catch {
    // The visibility change still catches a revoke made in another tab's settings.
  }
}

/** Shows the header bell when the server offers browser notifications; hides it otherwise. */
export function setupNotifications(offered: NotificationSettings | null | undefined): void {
  settings = offered ?? null;
  if (!settings?.browser) {
    bell?.remove();
    bell = null;
    return;
  }
  chosen = readChoice();
  if (!bell) {
    const button = h('button', {
      class: 'icon-btn',
      id: 'notify-toggle',
      attrs: { type: 'button' },
    });
    button.addEventListener('click', () => void toggle(button));
    const theme = byId('theme-toggle');
    theme.parentElement?.insertBefore(button, theme);
    bell = button;
    watchBrowser();
  }
  render(bell);
}

/** Turns one live `bridge` event into a notification when asked for and the tab is hidden. */
export function notifyBridgeEvent(event: BridgeTransition): void {
  if (!isOn() || document.visibilityState === 'visible') return;
  const notice = describeBridgeNotice(event, settings);
  if (!notice) return;
  try {
    const shown = new Notification(notice.title, { body: notice.body, tag: notice.tag });
    shown.onclick = () => {
      window.focus();
      shown.close();
    };
  } catch {
    // Some mobile browsers only show notifications from a service worker; the bell stays.
  }
}
