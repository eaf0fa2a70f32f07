// One input per editable config key of the Settings page, by the key's schema type:
// checkbox, select (enums), number (with the schema's bounds) or text; env-set keys are
// read-only. `read()` gives the value to send, or a problem for an unreadable number;
// `mark()` shows a refused value's problem under the input (aria-invalid, described by it).

import { checkboxRow, formField, textInput } from './dialog.js';
import { h, uniqueId } from './dom.js';

export interface ConfigKey {
  key: string;
  type: 'boolean' | 'integer' | 'number' | 'string' | 'enum';
  nullable: boolean;
  default: unknown;
  enum?: string[];
  min?: number;
  max?: number;
  value: unknown;
  from: 'file' | 'default' | 'env';
}

export interface SettingField {
  key: ConfigKey;
  el: HTMLElement;
  /** The value now in the input, or a problem text. */
  read(): { value: unknown } | { problem: string };
  /** Shows `problem` under the input and marks it invalid; null clears both. */
  mark(problem: string | null): void;
  /** Moves focus to the input (the page scrolls to it). */
  focus(): void;
}

const ENV_NOTE = 'Set by an environment variable, which wins over the file: change it there.';

/** The input of one key. */
export function buildField(key: ConfigKey): SettingField {
  const label = key.key.includes('.') ? key.key.slice(key.key.indexOf('.') + 1) : key.key;
  const note = h('p', {
    id: uniqueId('setting-note'),
    class: 'field-note',
    text:
      key.from === 'env' ? ENV_NOTE : key.from === 'default' ? 'Default (not in the file).' : '',
  });
  const problem = h('p', { id: uniqueId('setting-problem'), class: 'field-problem' });
  if (key.type === 'boolean') {
    const { input, row } = checkboxRow('setting', label);
    input.checked = key.value === true;
    input.disabled = key.from === 'env';
    input.dataset.key = key.key;
    return {
      key,
      el: h('div', { class: 'field' }, row, note, problem),
      read: () => ({ value: input.checked }),
      ...marker(input, note, problem),
    };
  }
  if (key.type === 'enum') {
    const select = h('select', { id: uniqueId('setting'), class: 'input' });
    for (const option of key.enum ?? [])
      select.append(h('option', { text: option, attrs: { value: option } }));
    // A file value the page may not offer (bypassPermissions) stays shown, not selectable.
    if (typeof key.value === 'string' && !(key.enum ?? []).includes(key.value))
      select.append(h('option', { text: key.value, attrs: { value: key.value, disabled: true } }));
    select.value = String(key.value);
    select.disabled = key.from === 'env';
    select.dataset.key = key.key;
    return {
      key,
      el: formField(label, select, note, problem),
      read: () => ({ value: select.value }),
      ...marker(select, note, problem),
    };
  }
  const numeric = key.type === 'integer' || key.type === 'number';
  const input = textInput(uniqueId('setting'), numeric ? 'input' : 'input mono', {
    type: numeric ? 'number' : 'text',
    ...(key.min === undefined ? {} : { min: String(key.min) }),
    ...(key.max === undefined ? {} : { max: String(key.max) }),
    ...(numeric ? { step: key.type === 'integer' ? '1' : 'any' } : {}),
    ...(key.nullable ? { placeholder: 'not set' } : {}),
  });
  input.value = key.value === null || key.value === undefined ? '' : String(key.value);
  input.disabled = key.from === 'env';
  input.dataset.key = key.key;
  const read = (): { value: unknown } | { problem: string } => {
    const text = input.value.trim();
    if (text === '' && key.nullable) return { value: null };
    if (!numeric) return { value: input.value };
    const value = Number(text);
    if (text === '' || !Number.isFinite(value))
      return { problem: key.nullable ? 'Enter a number, or leave it empty.' : 'Enter a number.' };
    return { value };
  };
  return { key, el: formField(label, input, note, problem), read, ...marker(input, note, problem) };
}

/** `mark` and `focus` of one field: its input is described by its note and its problem. */
function marker(
  control: HTMLInputElement | HTMLSelectElement,
  note: HTMLElement,
  problem: HTMLElement,
): Pick<SettingField, 'mark' | 'focus'> {
  const describe = (marked: boolean) => {
    const ids = [note.textContent === '' ? '' : note.id, marked ? problem.id : ''];
    const value = ids.filter((id) => id !== '').join(' ');
    if (value === '') control.removeAttribute('aria-describedby');
    else control.setAttribute('aria-describedby', value);
  };
  describe(false);
  return {
    mark(text) {
      problem.textContent = text ?? '';
      if (text === null) control.removeAttribute('aria-invalid');
      else control.setAttribute('aria-invalid', 'true');
      describe(text !== null);
    },
    focus: () => control.focus(),
  };
}
