// The help side panel: a "?" button in the top bar (or the `?` key outside text fields) opens
// a native modal <dialog> (dialog.ts), styled as a sheet on the right. The browser keeps focus
// inside it and the page inert; Esc, the close button and a click beside it close it, and focus
// goes back to where it was. The text is static (help-text.ts), built as DOM nodes, never
// parsed as HTML.

import { openDialog } from './dialog.js';
import { h } from './dom.js';
import { isHelpShortcut } from './help-keys.js';
import { type HelpFeature, type HelpSection, helpSections } from './help-text.js';
import { icon } from './icons.js';
import { inlineText } from './inline-code.js';
import { renderStatus } from './status-badge.js';

export interface HelpPanelOptions {
  /** True while the dashboard is shown (not the login page): only then does `?` open it. */
  isActive(): boolean;
  /** The optional features that are on (GET /api/session `features`). */
  features(): Readonly<Record<HelpFeature, boolean>>;
  /** "Show the getting-started card again" (called after the panel has closed). */
  onShowOrientation(): void;
}

let closeOpen: (() => void) | null = null;

/** Wires the top-bar button and the `?` key. */
export function setupHelpPanel(button: HTMLButtonElement, options: HelpPanelOptions): void {
  button.replaceChildren(icon('help'));
  button.setAttribute('aria-haspopup', 'dialog');
  button.setAttribute('aria-expanded', 'false');
  button.title = 'Help (?)';
  button.addEventListener('click', () => openHelpPanel(button, options));
  document.addEventListener('keydown', (event) => {
    if (closeOpen || !options.isActive()) return;
    const dialogOpen = document.querySelector('dialog[open]') !== null;
    if (!isHelpShortcut({ ...eventKeys(event), target: keyTarget(event) }, dialogOpen)) return;
    event.preventDefault();
    openHelpPanel(button, options);
  });
}

/** Closes the panel if it is open (on logout, say). */
export function closeHelpPanel(): void {
  closeOpen?.();
}

function eventKeys(event: KeyboardEvent) {
  const { key, ctrlKey, metaKey, altKey, isComposing, defaultPrevented } = event;
  return { key, ctrlKey, metaKey, altKey, isComposing, defaultPrevented };
}

function keyTarget(event: KeyboardEvent): HTMLElement | null {
  return event.target instanceof HTMLElement ? event.target : null;
}

function openHelpPanel(button: HTMLButtonElement, options: HelpPanelOptions): void {
  if (closeOpen) return;
  const handle = openDialog('Help', 'help-panel', { closeLabel: 'Close help' });
  const { dialog, body } = handle;
  dialog.id = 'help-panel';
  const again = h(
    'button',
    { class: 'btn help-again', attrs: { type: 'button' } },
    icon('info'),
    'Show the getting-started card again',
  );
  const sections = helpSections(options.features()).map(renderSection);
  body.classList.add('help-body');
  body.append(sections[0] ?? '', again, ...sections.slice(1));
  closeOpen = handle.close;
  // The dialog's own listener (added first) has put focus back where it was; when that was
  // nowhere (the `?` key over the page body), it goes to the "?" button.
  dialog.addEventListener('close', () => {
    closeOpen = null;
    button.setAttribute('aria-expanded', 'false');
    const focused = document.activeElement;
    if (!focused || focused === document.body) button.focus();
  });
  again.addEventListener('click', () => {
    handle.close();
    options.onShowOrientation();
  });
  button.setAttribute('aria-expanded', 'true');
  handle.closeButton?.focus();
}

function renderSection(section: HelpSection): HTMLElement {
  const list = section.items.length
    ? h(
        'dl',
        { class: 'help-list' },
        ...section.items.flatMap((item) => [
          h('dt', {}, renderTerm(item.term, section.terms)),
          h('dd', {}, ...inlineText(item.text)),
        ]),
      )
    : null;
  return h(
    'section',
    { class: 'help-section' },
    h('h3', { text: section.heading }),
    ...section.paragraphs.map((text) => h('p', {}, ...inlineText(text))),
    list,
  );
}

function renderTerm(term: string, style: HelpSection['terms']): Node {
  if (style === 'code') return h('code', { text: term });
  if (style !== 'status') return h('strong', { text: term });
  const badge = h('span');
  renderStatus(badge, term);
  return badge;
}
