// Entry point: theme, session check, login or the dashboard shell, and the hash router.

import { appUrl, describeError, requestJson, setUnauthenticatedHandler } from './api.js';
import { forgetProjectReads, refreshProjects } from './bridge-actions.js';
import { createBridgeView } from './bridge-view.js';
import { describeKeptDrafts, listClaudeMdDrafts } from './claude-md-drafts.js';
import type { Session } from './contract.js';
import { createConversationView } from './conversation-view.js';
import { createConversationsView } from './conversations-view.js';
import { closeAllDialogs, confirmDialog } from './dialog.js';
import { createDoctorView } from './doctor-view.js';
import { byId, h, replaceChildren } from './dom.js';
import { connectEvents, disconnectEvents, reconnectNow } from './events.js';
import { closeHelpPanel, setupHelpPanel } from './help-panel.js';
import { icon, isIconName } from './icons.js';
import { setupLoginPill } from './login-pill.js';
import { showLogin } from './login-view.js';
import { notifyBridgeEvent, setupNotifications } from './notifications.js';
import { showOrientationAgain } from './orientation-card.js';
import { createProjectsView } from './projects-view.js';
import { createReaperView } from './reaper-view.js';
import { createSettingsView } from './settings-view.js';
import { state, subscribe, tabTitle } from './state.js';
import { setupThemeToggle } from './theme.js';
import { showToast } from './toasts.js';
import { pauseUsageBadges, resumeUsageBadges } from './usage-badge.js';
import type { View } from './view.js';

const main = byId('main');
const topbar = byId('topbar');
let current: View | null = null;
let loggingIn = false;

void boot();

async function boot(): Promise<void> {
  setupThemeToggle(byId<HTMLButtonElement>('theme-toggle'));
  setupHelpPanel(byId<HTMLButtonElement>('help-toggle'), {
    isActive: () => state.session !== null && !topbar.hidden,
    features: () => state.session?.features ?? { clone: false, reaper: false },
    onShowOrientation: () => {
      showOrientationAgain();
      navigate('#/');
    },
  });
  for (const link of document.querySelectorAll<HTMLElement>('#nav a[data-icon]')) {
    const name = link.dataset.icon ?? '';
    if (isIconName(name)) link.prepend(icon(name));
  }
  setupLogout(byId<HTMLButtonElement>('logout'));
  setupConnectionBadge(byId('conn'));
  setupLoginPill(byId('claude-login'));
  setUnauthenticatedHandler(() => void requireLogin());
  window.addEventListener('hashchange', route);
  window.addEventListener('online', reconnectNow);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') reconnectNow();
  });
  const session = await readSession();
  if (!session) return;
  if (session.authenticated) startDashboard(session);
  else await requireLogin(session);
}

async function readSession(): Promise<Session | null> {
  try {
    return await requestJson<Session>('GET', 'api/session');
  } catch (error) {
    showProblem(`clauster did not answer: ${describeError(error)}`);
    return null;
  }
}

async function requireLogin(known?: Session): Promise<void> {
  if (loggingIn) return;
  loggingIn = true;
  leaveDashboard();
  const session = known ?? (await readSession());
  if (!session) {
    loggingIn = false;
    return;
  }
  if (session.authenticated) {
    loggingIn = false;
    startDashboard(session);
    return;
  }
  if (!session.auth.password_login) {
    loggingIn = false;
    showProblem(
      session.auth.mode === 'proxy'
        ? 'You are not signed in. Open clauster through your sign-in proxy.'
        : 'This dashboard has no password login. Use an API token from the command line.',
    );
    return;
  }
  // No dialog may stay over the login form (a CLAUDE.md editor keeps its unsaved text). Only
  // here: with no login form to show (a proxy, an unreadable session) the dialogs stay open, so
  // their text can still be copied.
  closeAllDialogs();
  document.title = 'Log in · clauster';
  showAt('login');
  await showLogin(main, describeKeptDrafts(listClaudeMdDrafts()));
  loggingIn = false;
  showAt('');
  const fresh = await readSession();
  if (fresh?.authenticated) startDashboard(fresh);
  else showProblem('Logged in, but the session cookie was not kept. Check auth.cookie_secure.');
}

function startDashboard(session: Session): void {
  state.session = session;
  showAt('');
  topbar.hidden = false;
  byId('brand-name').textContent = session.instance_name || 'clauster';
  byId('nav-reaper').hidden = !session.features.reaper;
  byId('logout').hidden = session.auth.mode !== 'password';
  setupNotifications(session.notifications);
  resumeUsageBadges();
  connectEvents({
    refreshProjects: () => void refreshProjects(),
    onUnauthorized: () => void requireLogin(),
    onRefused: () => void checkStillLoggedIn(),
    onWarning: (message) => showToast(message),
    onBridge: notifyBridgeEvent,
  });
  void refreshProjects();
  route();
}

async function checkStillLoggedIn(): Promise<void> {
  const session = await requestJson<Session>('GET', 'api/session').catch(() => null);
  if (session && !session.authenticated) void requireLogin(session);
}

function leaveDashboard(): void {
  closeHelpPanel();
  pauseUsageBadges({ drop: true });
  disconnectEvents();
  current?.destroy();
  current = null;
  topbar.hidden = true;
  state.session = null;
  forgetProjectReads();
  state.projects = null;
  state.projectsError = null;
  state.bridges.clear();
  state.cloneJobs.clear();
}

function route(): void {
  if (!state.session) return;
  // A dialog belongs to the page it was opened on: the phone's Back button (or any other
  // route change) closes it as Cancel would, so a confirm cannot act on a page no longer shown.
  // The CLAUDE.md editor keeps its draft as it is typed, so nothing typed is lost.
  closeAllDialogs();
  const hash = location.hash.replace(/^#\/?/, '');
  const [section, id, sub, leaf] = hash.split('/');
  const first = current === null;
  current?.destroy();
  current = null;
  try {
    if (section === 'bridges' && id) current = createBridgeView(decodeURIComponent(id), navigate);
    else if (section === 'project' && id && sub === 'conversations' && leaf)
      current = createConversationView(decodeURIComponent(id), decodeURIComponent(leaf));
    else if (section === 'project' && id && sub === 'conversations')
      current = createConversationsView(decodeURIComponent(id));
    else if (section === 'doctor') current = createDoctorView();
    else if (section === 'reaper' && state.session.features.reaper) current = createReaperView();
    else if (section === 'settings') current = createSettingsView();
  } catch (error) {
    // A malformed `%` escape in the hash (decodeURIComponent throws): show the projects instead.
    if (!(error instanceof URIError)) throw error;
  }
  current ??= createProjectsView(navigate);
  main.replaceChildren(current.el);
  document.title = tabTitle(current.title);
  for (const link of document.querySelectorAll<HTMLAnchorElement>('#nav a')) {
    const active =
      link.dataset.route === (section || 'projects') ||
      ((section === 'bridges' || section === 'project') && link.dataset.route === 'projects');
    if (active) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  // Move focus to the new heading so keyboard and screen-reader users land on the content.
  if (!first) main.querySelector<HTMLElement>('h1')?.focus();
}

/** Puts `path` (relative to the app root) in the address bar without reloading. */
function showAt(path: string): void {
  const target = appUrl(path);
  if (location.pathname !== target.pathname) {
    history.replaceState(null, '', `${target.pathname}${location.hash}`);
  }
}

function navigate(hash: string): void {
  if (location.hash === hash) route();
  else location.hash = hash;
}

function setupLogout(button: HTMLButtonElement): void {
  button.prepend(icon('logout'));
  button.addEventListener('click', async () => {
    const ok = await confirmDialog({
      title: 'Log out everywhere?',
      message: [
        'Logging out ends every signed-in session of this dashboard — on this device and on all others.',
        'Running bridges keep running.',
      ],
      confirmLabel: 'Log out everywhere',
    });
    if (!ok) return;
    pauseUsageBadges();
    try {
      await requestJson('POST', 'logout');
    } catch (error) {
      resumeUsageBadges();
      showToast(`Logout failed: ${describeError(error)}`);
      return;
    }
    await requireLogin();
  });
}

function setupConnectionBadge(node: HTMLElement): void {
  const words = { connecting: 'Connecting…', live: 'Live', offline: 'Offline — reconnecting' };
  let shown = '';
  const render = () => {
    if (shown === state.connection) return;
    shown = state.connection;
    node.dataset.state = state.connection;
    node.title = words[state.connection];
    replaceChildren(
      node,
      h('span', { class: 'dot', attrs: { 'aria-hidden': 'true' } }),
      h('span', { class: 'conn-text', text: words[state.connection] }),
      // Shown only at phone width, where .conn-text is visually hidden (it is still read).
      state.connection === 'offline'
        ? h('span', { class: 'conn-short', attrs: { 'aria-hidden': 'true' }, text: 'Offline' })
        : null,
    );
  };
  subscribe(render);
  render();
}

function showProblem(text: string): void {
  topbar.hidden = true;
  main.replaceChildren(
    h(
      'section',
      { class: 'login' },
      h(
        'div',
        { class: 'login-card' },
        h('h1', { text: 'clauster' }),
        h('p', { attrs: { role: 'alert' }, text }),
      ),
    ),
  );
}
