// The header pill for the server's `claude` login (pushed over /ws/events as `claude-login`):
// nothing while logged in or not yet probed, a warning when logged out (every bridge start
// would fail), a neutral note when the probe itself failed. No polling: when the tab comes back
// into view with a problem shown, one GET /healthz asks the server to re-check a stale answer.

import { requestJson } from './api.js';
import type { ClaudeLogin } from './contract.js';
import { h } from './dom.js';
import { icon } from './icons.js';
import { notify, setClaudeLogin, state, subscribe } from './state.js';

type PillState = 'hidden' | 'logged-out' | 'unknown';

function pillState(login: ClaudeLogin | null): PillState {
  if (login === null || login.logged_in === true) return 'hidden';
  return login.logged_in === false ? 'logged-out' : 'unknown';
}

/** Renders `node` from `state.claudeLogin` and re-checks when the tab becomes visible. */
export function setupLoginPill(node: HTMLElement): void {
  let shown: PillState | null = null;
  const render = (): void => {
    const next = pillState(state.claudeLogin);
    if (next === shown) return;
    shown = next;
    node.hidden = next === 'hidden';
    node.dataset.state = next;
    if (next === 'logged-out') {
      node.title = 'Bridges cannot start until claude is logged in on the server.';
      node.replaceChildren(
        icon('alert'),
        h(
          'span',
          {},
          h('strong', { text: 'claude: logged out' }),
          ' — run ',
          h('code', { text: 'claude' }),
          ' on the server and ',
          h('code', { text: '/login' }),
        ),
      );
    } else if (next === 'unknown') {
      node.title = state.claudeLogin?.reason ?? '';
      node.replaceChildren(icon('info'), h('span', { text: 'claude login unknown' }));
    } else {
      node.removeAttribute('title');
      node.replaceChildren();
    }
  };
  subscribe(render);
  render();
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState !== 'visible' || !state.session) return;
    if (pillState(state.claudeLogin) !== 'hidden') void recheckLogin();
  });
}

async function recheckLogin(): Promise<void> {
  const health = await requestJson<{ claude_login?: ClaudeLogin }>('GET', 'healthz').catch(
    () => null,
  );
  if (health?.claude_login && setClaudeLogin(health.claude_login)) notify();
}
