// The "Connect" panel of a bridge: the link to open in Claude, and its QR code (an SVG the
// server renders from the URL, so nothing here talks to the network).

import { appUrl } from './api.js';
import { copyText } from './clipboard.js';
import type { Bridge } from './contract.js';
import { isLive } from './contract.js';
import { h, replaceChildren } from './dom.js';
import { icon } from './icons.js';

/** Fills `node` with the connect link and QR code, or says why there is none yet. */
export function renderConnect(node: HTMLElement, bridge: Bridge): void {
  const heading = h('h2', { id: 'connect-h', text: 'Connect' });
  if (!bridge.url || !isLive(bridge)) {
    const text = isLive(bridge)
      ? 'Waiting for the connect link… It appears as soon as the bridge has registered with Claude.'
      : 'This bridge is not running. Start the project again to get a new link.';
    replaceChildren(node, heading, h('p', { class: 'muted', text }));
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
