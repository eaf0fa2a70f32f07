// Settings page: the Tier-A config keys (GET /api/config) grouped by section. Save sends only
// the changed keys with the sha256 the page read; the server writes the file (backup, comments
// kept) and nothing applies until clauster restarts. A file changed on disk (409) offers
// Reload; a login older than 10 minutes (403 reauth-required) asks for the password again.
// "Restart clauster" (restart-button.ts) shows when a supervisor will start clauster again.
// Every Save result is said next to the Save button (where the operator is, on a phone too);
// a refused value is marked on its field, which gets the focus.

import { ApiError, describeError, requestJson } from './api.js';
import { formField } from './dialog.js';
import { h, replaceChildren, uniqueId } from './dom.js';
import { icon } from './icons.js';
import { createRestartButton } from './restart-button.js';
import { buildField, type ConfigKey, type SettingField } from './settings-fields.js';
import { fieldProblemText, problemsByKey } from './settings-problems.js';
import type { View } from './view.js';

interface ConfigView {
  path: string | null;
  sha256: string | null;
  keys: ConfigKey[];
  restart_required: boolean;
  /** A supervisor restarts clauster on exit: POST /api/restart works. */
  restart_available?: boolean;
}

/** Builds the Settings view and loads the keys. */
export function createSettingsView(): View {
  const summary = h('p', { class: 'view-sub', attrs: { 'aria-live': 'polite' }, text: 'Loading…' });
  const banner = h('p', { class: 'banner', attrs: { role: 'status', hidden: true } });
  const restart = createRestartButton();
  const reload = h(
    'button',
    { class: 'btn', attrs: { type: 'button' } },
    icon('refresh'),
    'Reload',
  );
  const form = h('form', { class: 'form settings-form', attrs: { novalidate: true } });
  const save = h('button', { class: 'btn btn-primary', attrs: { type: 'submit' }, text: 'Save' });
  const reloadHere = h('button', {
    class: 'btn',
    text: 'Reload',
    attrs: { type: 'button', hidden: true },
  });
  // The result of the last Save, read out when it changes.
  const status = h('p', { class: 'settings-status', attrs: { role: 'status' } });
  const actions = h('div', { class: 'form-actions settings-actions' }, save, reloadHere, status);
  const password = h('input', {
    id: uniqueId('settings-password'),
    class: 'input',
    attrs: { type: 'password', autocomplete: 'current-password' },
  });
  const reauth = h(
    'div',
    { class: 'settings-reauth', attrs: { hidden: true } },
    formField('Enter your password again to save settings', password),
  );
  const el = h(
    'section',
    { class: 'view view-settings' },
    h(
      'div',
      { class: 'view-head' },
      h('div', {}, h('h1', { text: 'Settings', attrs: { tabindex: '-1' } }), summary),
      reload,
    ),
    banner,
    restart.el,
    form,
  );
  let alive = true;
  let view: ConfigView | null = null;
  let fields: SettingField[] = [];

  const show = (kind: 'note' | 'error', text: string) => {
    banner.className = `banner banner-${kind}`;
    banner.textContent = text;
    banner.hidden = false;
  };

  /** Says the outcome of a Save beside the button and scrolls it into view. */
  const say = (kind: 'ok' | 'note' | 'warn' | 'error', text: string) => {
    status.className = `settings-status settings-status-${kind}`;
    status.textContent = text;
    if (text !== '') status.scrollIntoView({ block: 'nearest' });
  };

  /** Marks each field a refusal names; returns those fields, in page order. */
  const markRefused = (problems: readonly string[]): SettingField[] => {
    const found = problemsByKey(
      problems,
      fields.map((field) => field.key.key),
    );
    const marked = fields.filter((field) => found.has(field.key.key));
    for (const field of marked) field.mark(fieldProblemText(found.get(field.key.key) ?? ''));
    return marked;
  };

  /** The status line for marked fields, then the focus on the first (the page scrolls to it). */
  const sayMarked = (marked: SettingField[]) => {
    const noun = marked.length === 1 ? 'setting' : 'settings';
    say('error', `Not saved. Fix the marked ${noun}: ${marked.map((f) => f.key.key).join(', ')}.`);
    marked[0]?.focus();
  };

  const load = async () => {
    banner.hidden = true;
    reauth.hidden = true;
    reloadHere.hidden = true;
    try {
      const data = await requestJson<ConfigView>('GET', 'api/config');
      if (!alive) return;
      view = data;
      restart.setAvailable(data.restart_available === true);
      summary.textContent =
        data.path === null
          ? 'clauster runs on defaults: create a config file (clauster init) to edit settings here.'
          : `Safe settings from ${data.path}. Others are edited in the file itself.`;
      if (data.restart_required)
        show('note', 'The file differs from the running settings: restart clauster to apply.');
      fields = data.keys.map(buildField);
      replaceChildren(form, ...groups(fields), reauth, actions);
      save.disabled = data.path === null;
    } catch (error) {
      if (alive) show('error', `Could not read the settings: ${describeError(error)}`);
    }
  };

  const submit = async () => {
    if (view?.sha256 == null) return;
    for (const field of fields) field.mark(null);
    say('note', '');
    const changes: Record<string, unknown> = {};
    for (const field of fields) {
      if (field.key.from === 'env') continue;
      const read = field.read();
      if ('problem' in read) {
        field.mark(read.problem);
        return sayMarked([field]);
      }
      if (read.value !== field.key.value) changes[field.key.key] = read.value;
    }
    if (Object.keys(changes).length === 0) return say('note', 'Nothing changed.');
    save.disabled = true;
    let failure: { error: unknown } | null = null;
    try {
      if (!reauth.hidden) await requestJson('POST', 'login', { password: password.value });
      await requestJson('PUT', 'api/config', { base_sha256: view.sha256, changes });
      password.value = '';
    } catch (error) {
      failure = { error };
    }
    save.disabled = false;
    if (!alive) return;
    if (failure !== null) return sayRefusal(failure.error);
    // load() moves the form's parts (and so the focus): focus Save once it is back.
    await load();
    save.focus();
    say('ok', 'Saved — restart clauster to apply.');
  };

  const sayRefusal = (error: unknown) => {
    const code = error instanceof ApiError ? error.code : '';
    if (code === 'reauth-required') {
      reauth.hidden = false;
      say('warn', 'Your login is older than 10 minutes. Enter your password, then Save again.');
      password.focus();
      return;
    }
    if (code === 'config-changed') {
      reloadHere.hidden = false;
      say(
        'warn',
        'The config file changed on disk since this page read it. Reload, then edit again.',
      );
      reloadHere.focus();
      return;
    }
    const marked =
      code === 'config-invalid' && error instanceof ApiError ? markRefused(error.problems) : [];
    if (marked.length > 0) return sayMarked(marked);
    say('error', `Not saved. ${describeError(error)}`);
    save.focus();
  };

  const reloadAll = async () => {
    say('note', '');
    await load();
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void submit();
  });
  reload.addEventListener('click', () => void reloadAll());
  reloadHere.addEventListener('click', () => void reloadAll().then(() => save.focus()));
  void load();
  return {
    el,
    title: 'Settings',
    destroy() {
      alive = false;
    },
  };
}

/** One fieldset per section (top-level keys are "General"), in the server's order. */
function groups(fields: SettingField[]): HTMLElement[] {
  const bySection = new Map<string, SettingField[]>();
  for (const field of fields) {
    const dot = field.key.key.indexOf('.');
    const section = dot === -1 ? 'General' : field.key.key.slice(0, dot);
    bySection.set(section, [...(bySection.get(section) ?? []), field]);
  }
  return [...bySection].map(([section, list]) =>
    h(
      'fieldset',
      { class: 'settings-group', attrs: { 'data-section': section } },
      h('legend', { text: section }),
      ...list.map((field) => field.el),
    ),
  );
}
