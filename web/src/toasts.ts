// Short notices for events that belong to no single control (server warnings).

import { byId, h } from './dom.js';
import { icon } from './icons.js';

const LIFETIME_MS = 8000;

/** Shows a dismissable notice that also fades out by itself. */
export function showToast(text: string): void {
  const region = byId('toasts');
  const toast = h(
    'div',
    { class: 'toast', attrs: { role: 'status' } },
    icon('info'),
    h('span', { text }),
  );
  const close = h(
    'button',
    { class: 'icon-btn', attrs: { type: 'button', 'aria-label': 'Dismiss' } },
    icon('close'),
  );
  close.addEventListener('click', () => toast.remove());
  toast.appendChild(close);
  region.appendChild(toast);
  window.setTimeout(() => toast.remove(), LIFETIME_MS);
}
