// Pure decision of the browser notifications: which live bridge transition the operator asked
// to hear about, and the words shown. No DOM here, so test/ can import it under Node.

import type { BridgeStatus, NotificationSettings } from './contract.js';

export type NotificationKind = 'crash' | 'ready' | 'stop';

/** What a `new Notification(title, {body, tag})` call needs. */
export interface BridgeNotice {
  kind: NotificationKind;
  title: string;
  body: string;
  /**
   * Per project: a later notice about the same project replaces the earlier one without a new
   * alert while it is still shown, so an autostart project that keeps crashing (a new bridge
   * per retry) keeps one notification, not one per retry.
   */
  tag: string;
}

/** The fields of a /ws/events `bridge` event this module reads. */
export interface BridgeTransition {
  bridge: { id: string; project: string; status: BridgeStatus | string; reason: string | null };
  from: string | null;
  to: string;
}

const MAX_BODY = 160;
const TITLE_WORD: Record<string, string> = {
  crashed: 'crashed',
  error: 'error',
  running: 'ready',
  stopped: 'stopped',
};
const FALLBACK_BODY: Record<NotificationKind, string> = {
  crash: 'The bridge ended unexpectedly.',
  ready: 'The bridge is running and reachable from Claude.',
  stop: 'The bridge stopped.',
};

/** The kind of a transition, or null when it is none the operator can be notified of. */
export function classifyTransition(from: string | null, to: string): NotificationKind | null {
  if (from === to) return null;
  if (to === 'crashed' || to === 'error') return 'crash';
  if (to === 'running' && from === 'starting') return 'ready';
  if (to === 'stopped') return 'stop';
  return null;
}

/** Cuts `text` to one short line (the reason was already redacted by the server). */
export function shortenReason(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= MAX_BODY ? line : `${line.slice(0, MAX_BODY - 1)}…`;
}

/**
 * The notice for one live `bridge` event, or null when the settings do not ask for it. The
 * body carries only the server's reason, never the session URL.
 */
export function describeBridgeNotice(
  event: BridgeTransition,
  settings: NotificationSettings | null | undefined,
): BridgeNotice | null {
  if (!settings?.browser) return null;
  const kind = classifyTransition(event.from, event.to);
  if (kind === null || !settings.on[kind]) return null;
  const reason = kind === 'ready' ? '' : shortenReason(event.bridge.reason ?? '');
  return {
    kind,
    title: `${event.bridge.project}: ${TITLE_WORD[event.to] ?? event.to}`,
    body: reason || FALLBACK_BODY[kind],
    tag: `project:${event.bridge.project}`,
  };
}
