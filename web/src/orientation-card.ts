// The getting-started card at the top of the projects view: three numbered steps worded for
// the current state (orientation-steps.ts), shown until "Got it" is pressed in this browser
// (orientation-store.ts). The help panel's "Show the getting-started card again" brings it back.

import type { Project } from './contract.js';
import { h, replaceChildren, uniqueId } from './dom.js';
import { icon } from './icons.js';
import { inlineText } from './inline-code.js';
import {
  buildOrientationSteps,
  type OrientationStep,
  readOrientationFacts,
  showsOrientationCard,
} from './orientation-steps.js';
import { isOrientationDismissed, setOrientationDismissed } from './orientation-store.js';
import { bridgeForProject } from './state.js';
import { browserStorage } from './stored-value.js';

export interface OrientationCard {
  el: HTMLElement;
  /** Renders the steps for `projects` (hidden while loading, with no projects, or dismissed). */
  update(projects: readonly Project[] | null): void;
}

// Without storage, "Got it" still holds until the page is left. Storage is read once per card
// (update() runs on every state change, resource polls included).
let dismissedOnPage = false;

/** Shows the card again from now on (the help panel's button). */
export function showOrientationAgain(): void {
  dismissedOnPage = false;
  setOrientationDismissed(false, browserStorage);
}

/** Builds the card; call `update` whenever the projects or bridges change. */
export function createOrientationCard(): OrientationCard {
  dismissedOnPage = dismissedOnPage || isOrientationDismissed(browserStorage);
  const titleId = uniqueId('orientation-title');
  const list = h('ol', { class: 'orientation-steps' });
  const gotIt = h('button', { class: 'btn', attrs: { type: 'button' }, text: 'Got it' });
  const el = h(
    'section',
    { class: 'orientation', attrs: { 'aria-labelledby': titleId, hidden: true } },
    h('h2', { id: titleId, text: 'Getting started' }),
    list,
    h('div', { class: 'orientation-actions' }, gotIt),
  );
  let shown = '';

  gotIt.addEventListener('click', () => {
    dismissedOnPage = true;
    setOrientationDismissed(true, browserStorage);
    el.hidden = true;
    // The button is gone: put focus on the page heading rather than lose it.
    el.parentElement?.querySelector<HTMLElement>('h1')?.focus();
  });

  const update = (projects: readonly Project[] | null) => {
    if (!projects || !showsOrientationCard(projects, dismissedOnPage)) {
      el.hidden = true;
      return;
    }
    const steps = buildOrientationSteps(readOrientationFacts(projects, bridgeForProject));
    el.hidden = false;
    const signature = JSON.stringify(steps);
    if (signature === shown) return;
    shown = signature;
    replaceChildren(list, ...steps.map(renderStep));
  };
  return { el, update };
}

function renderStep(step: OrientationStep, index: number): HTMLElement {
  const mark = step.status === 'done' ? icon('check') : String(index + 1);
  return h(
    'li',
    {
      class: 'orientation-step',
      attrs: {
        'data-status': step.status,
        'aria-current': step.status === 'current' ? 'step' : null,
      },
    },
    h('span', { class: 'step-mark', attrs: { 'aria-hidden': 'true' } }, mark),
    h(
      'div',
      {},
      h('strong', { class: 'step-title', text: step.title }),
      step.status === 'done' ? h('span', { class: 'sr-only', text: ' (done)' }) : null,
      h('p', { class: 'step-text' }, ...inlineText(step.text)),
    ),
  );
}
