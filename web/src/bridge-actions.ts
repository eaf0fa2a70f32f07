// The actions on projects and bridges, shared by the project cards and the bridge view. Each
// confirms where the contract asks for it, calls the API and records the answer.

import { ApiError, describeError, requestJson } from './api.js';
import type { Bridge, Project } from './contract.js';
import { confirmDialog } from './dialog.js';
import { h } from './dom.js';
import { createSerialReads, type RecordOutcome } from './serial-reads.js';
import { markBridgeEvents, notify, putBridge, setProjects, state } from './state.js';

async function readProjects(): Promise<RecordOutcome> {
  try {
    const since = markBridgeEvents();
    const data = await requestJson<{ projects: Project[] }>('GET', 'api/projects');
    return () => setProjects(data.projects, since);
  } catch (error) {
    return () => {
      // No usable projects_root yet: show the first-run steps along with the reason.
      if (error instanceof ApiError && error.code === 'projects-root-unavailable')
        state.projects = [];
      state.projectsError = describeError(error);
      notify();
    };
  }
}

// Nothing is read or recorded without a session (a 401's "session ended" never outlives it).
const projectReads = createSerialReads(readProjects, () => state.session !== null);

/**
 * Re-reads the project list (one read at a time for every caller, answers in order); errors
 * are kept for the projects view to show.
 */
export function refreshProjects(): Promise<void> {
  return projectReads.ask();
}

/** The session ended: no read under way may record its answer or error any more. */
export function forgetProjectReads(): void {
  projectReads.forget();
}

/** Explains what trusting means, then trusts. Resolves false if the operator cancelled. */
export async function trustProject(project: Project): Promise<boolean> {
  const ok = await confirmDialog({
    title: `Trust “${project.name}”?`,
    message: [
      h(
        'p',
        {},
        'Trusting lets Claude Code work in ',
        h('code', { text: project.path }),
        ' without asking first — the same as answering “Yes, I trust this folder” in a terminal.',
      ),
      'Depending on the permission mode you start it with, Claude can then read and edit files there and run commands. Only trust code you know.',
      'The choice is saved in your Claude settings (~/.claude.json) and applies to the Claude CLI too.',
    ],
    confirmLabel: 'Trust project',
  });
  if (!ok) return false;
  const since = markBridgeEvents();
  const data = await requestJson<{ project: Project }>(
    'POST',
    `api/projects/${encodeURIComponent(project.name)}/trust`,
  );
  const projects = (state.projects ?? []).map((p) => (p.name === project.name ? data.project : p));
  setProjects(projects, since);
  return true;
}

/** Confirms and stops a bridge. Resolves false if the operator cancelled. */
export async function stopBridge(bridge: Bridge): Promise<boolean> {
  const ok = await confirmDialog({
    title: `Stop ${bridge.project}?`,
    message: [
      'Sessions using this bridge end. The project stays trusted and you can start it again at any time.',
    ],
    confirmLabel: 'Stop bridge',
    danger: true,
  });
  if (!ok) return false;
  const since = markBridgeEvents();
  const data = await requestJson<{ bridge: Bridge }>(
    'POST',
    `api/bridges/${encodeURIComponent(bridge.id)}/stop`,
  );
  putBridge(data.bridge, since);
  return true;
}

/**
 * Cancels the project's pending autostart retry; nothing is signalled (a live bridge keeps
 * running), so no confirmation. Resolves whether one was cancelled.
 */
export async function stopRetrying(project: string): Promise<boolean> {
  const data = await requestJson<{ autostart_cancelled?: boolean }>(
    'DELETE',
    `api/projects/${encodeURIComponent(project)}/autostart-retry`,
  );
  return data.autostart_cancelled === true;
}

/**
 * Explains what adopting means, then takes over the bridge started outside clauster (the
 * server checks it all again). Resolves null if the operator cancelled.
 */
export async function adoptBridge(project: Project, pid: number): Promise<Bridge | null> {
  const ok = await confirmDialog({
    title: `Adopt the bridge of “${project.name}”?`,
    message: [
      `A claude remote-control started outside clauster (pid ${pid}) serves this project. Adopting lets clauster manage it without restarting it: it shows here like any other bridge, and Stop ends it.`,
      'Its output was not captured and never will be (it goes wherever it was started), so its log here stays empty. Start it again from clauster to get logs.',
    ],
    confirmLabel: 'Adopt bridge',
  });
  if (!ok) return null;
  const since = markBridgeEvents();
  let data: { bridge: Bridge };
  try {
    data = await requestJson<{ bridge: Bridge }>(
      'POST',
      `api/projects/${encodeURIComponent(project.name)}/adopt`,
    );
  } catch (error) {
    // The bridge outside clauster is gone: re-read the list so its card drops the Adopt button.
    if (error instanceof ApiError && error.code === 'nothing-to-adopt') void refreshProjects();
    throw error;
  }
  putBridge(data.bridge, since);
  // The server's projects-changed event re-reads the list in every tab, this one included.
  return data.bridge;
}

/** Removes a stopped bridge's record (never kills anything; the server refuses a live one). */
export async function forgetBridge(bridge: Bridge): Promise<void> {
  await requestJson<void>('DELETE', `api/bridges/${encodeURIComponent(bridge.id)}`);
  state.bridges.delete(bridge.id);
  for (const project of state.projects ?? []) {
    if (project.bridge?.id === bridge.id) project.bridge = null;
  }
  notify();
}
