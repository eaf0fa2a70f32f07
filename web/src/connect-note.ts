// What the Connect panel of a bridge says when it has no link to show. A bridge in `error`
// with its process alive counts as live, but it is not on its way to a link: it never
// registered with Claude (no connect URL within the startup grace), so waiting is no use.

import type { Bridge } from './contract.js';
import { isLive } from './contract.js';

/** The panel's sentence instead of the link, or null when the link is shown. */
export function connectNote(bridge: Bridge): string | null {
  const live = isLive(bridge);
  if (bridge.url && live) return null;
  if (!live) return 'This bridge is not running. Start the project again to get a new link.';
  if (bridge.status === 'error')
    return 'There is no connect link: the bridge did not register with Claude. Stop it and check its log below.';
  return 'Waiting for the connect link… It appears as soon as the bridge has registered with Claude.';
}
