// Light/dark theme: follows the system unless the operator picks one. Only this choice is
// ever written to localStorage (never tokens, session data or URLs).

import { icon } from './icons.js';
import { readStoredValue, writeStoredValue } from './stored-value.js';

export type ThemeChoice = 'system' | 'light' | 'dark';

const KEY = 'clauster.theme';
const ORDER: ThemeChoice[] = ['system', 'light', 'dark'];
const LABEL: Record<ThemeChoice, string> = {
  system: 'Theme: follows the system. Switch to light',
  light: 'Theme: light. Switch to dark',
  dark: 'Theme: dark. Switch to follow the system',
};

/** The remembered choice, or `system`. */
export function readTheme(): ThemeChoice {
  const value = readStoredValue(KEY);
  return value === 'light' || value === 'dark' ? value : 'system';
}

/** Applies a choice to the document and remembers it. */
export function applyTheme(choice: ThemeChoice): void {
  const root = document.documentElement;
  if (choice === 'system') delete root.dataset.theme;
  else root.dataset.theme = choice;
  // Storage can be disabled (private mode); the theme still applies for this page.
  writeStoredValue(KEY, choice === 'system' ? null : choice);
}

/** Wires the header button that cycles system → light → dark. */
export function setupThemeToggle(button: HTMLButtonElement): void {
  const render = (choice: ThemeChoice) => {
    button.replaceChildren(
      icon(choice === 'system' ? 'monitor' : choice === 'light' ? 'sun' : 'moon'),
    );
    button.setAttribute('aria-label', LABEL[choice]);
    button.title = LABEL[choice];
  };
  let current = readTheme();
  applyTheme(current);
  render(current);
  button.addEventListener('click', () => {
    current = ORDER[(ORDER.indexOf(current) + 1) % ORDER.length] ?? 'system';
    applyTheme(current);
    render(current);
  });
}
