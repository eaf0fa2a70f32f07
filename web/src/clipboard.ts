// Copy to the clipboard, also on plain-HTTP LAN pages where the async clipboard API is missing.

import { h } from './dom.js';

/** Copies text; over plain-HTTP LAN pages the async clipboard is missing, so fall back. */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Fall through to the selection-based copy.
  }
  const area = h('textarea', {
    class: 'offscreen',
    attrs: { readonly: true, 'aria-hidden': 'true' },
  });
  area.value = text;
  document.body.appendChild(area);
  area.select();
  let ok = false;
  try {
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  area.remove();
  return ok;
}
