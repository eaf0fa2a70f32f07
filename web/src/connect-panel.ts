// The "Connect" panel of a bridge: the link to open in Claude, and its QR code (an SVG the
// server renders from the URL, so nothing here talks to the network).

import { appUrl } from './api.js';
import { copyText } from './clipboard.js';
import { connectNote } from './connect-note.js';
import type { Bridge } from './contract.js';
import { h, replaceChildren } from './dom.js';
import { icon } from './icons.js';

/** Fills `node` with the connect link and QR code, or says why there is none yet. */
export function renderConnect(node: HTMLElement, bridge: Bridge): void {
  const heading = h('h2', { id: 'connect-h', text: 'Connect' });
  const note = connectNote(bridge);
  if (note !== null || !bridge.url) {
    replaceChildren(node, heading, h('p', { class: 'muted', text: note ?? '' }));
    return;
  }
  const url = bridge.url;
  const copied = h('span', { class: 'muted', attrs: { 'aria-live': 'polite' } });
  replaceChildren(
    node,
    heading,
    h(
      'div',
      { class: 'connect' },
      h('img', {
        class: 'qr',
        attrs: {
          src: appUrl(`api/bridges/${encodeURIComponent(bridge.id)}/qr`).href,
          alt: 'QR code of the connect link — scan it with your phone camera or the Claude app',
          width: '220',
          height: '220',
        },
      }),
      h(
        'div',
        { class: 'connect-text' },
        h('p', { text: 'Scan the code with your phone, or open the link on this device.' }),
        h(
          'a',
          {
            class: 'btn btn-primary btn-block',
            attrs: { href: url, target: '_blank', rel: 'noopener noreferrer' },
          },
          icon('external'),
          'Open in Claude',
        ),
        h(
          'p',
          { class: 'url mono' },
          h('a', { attrs: { href: url, target: '_blank', rel: 'noopener noreferrer' }, text: url }),
        ),
        h(
          'button',
          {
            class: 'btn btn-small',
            attrs: { type: 'button' },
            on: {
              click: async () => {
                copied.textContent = (await copyText(url))
                  ? 'Link copied.'
                  : 'Copy is not available here.';
              },
            },
          },
          icon('copy'),
          'Copy link',
        ),
        copied,
      ),
    ),
  );
}
