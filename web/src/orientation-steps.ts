// The three steps of the getting-started card, worded for where the operator is now: nothing
// trusted, nothing running, or a bridge ready to open. Pure (no DOM), so
// test/ can import it under Node. Backticks mark code (inline-code.ts).

import type { Bridge, Project } from './contract.js';
import { isLive } from './contract.js';

export type StepStatus = 'done' | 'current' | 'todo';

export interface OrientationStep {
  title: string;
  text: string;
  status: StepStatus;
}

/** What the steps depend on. */
export interface OrientationFacts {
  projects: number;
  trusted: number;
  /** Bridges holding a project's slot (starting, running, or alive in error). */
  live: number;
  /** A project whose bridge is running with a connect link, else null. */
  ready: string | null;
}

/** Where projects come from: the first step of the projects view's empty state. */
export const NO_PROJECTS_HOW =
  'Projects are the folders under `projects_root` in `clauster.yml`. Not set yet? Set it (`clauster init` asks for it) and restart clauster once. After that, a new folder there shows up without a restart.';

/**
 * True when the card is shown: the projects are loaded, there is at least one (with none, or
 * no usable `projects_root`, the view's empty state already shows the steps) and "Got it" was
 * not pressed.
 */
export function showsOrientationCard(
  projects: readonly Project[] | null,
  dismissed: boolean,
): boolean {
  return projects !== null && projects.length > 0 && !dismissed;
}

/** Counts the facts from the project list and each project's shown bridge. */
export function readOrientationFacts(
  projects: readonly Project[],
  bridgeFor: (project: Project) => Bridge | null,
): OrientationFacts {
  let trusted = 0;
  let live = 0;
  let ready: string | null = null;
  for (const project of projects) {
    if (project.trusted) trusted += 1;
    const bridge = bridgeFor(project);
    if (!isLive(bridge)) continue;
    live += 1;
    if (ready === null && bridge?.status === 'running' && bridge.url) ready = project.name;
  }
  return { projects: projects.length, trusted, live, ready };
}

/** The three steps; the first one not done is `current`, the ones after it `todo`. */
export function buildOrientationSteps(facts: OrientationFacts): OrientationStep[] {
  const drafts = [trustStep(facts), startStep(facts), openStep(facts)];
  let seenOpen = false;
  return drafts.map(({ title, text, done }) => {
    if (done) return { title, text, status: 'done' as const };
    const status = seenOpen ? 'todo' : 'current';
    seenOpen = true;
    return { title, text, status };
  });
}

interface Draft {
  title: string;
  text: string;
  done: boolean;
}

function trustStep(facts: OrientationFacts): Draft {
  // The card is never shown without projects (showsOrientationCard): the empty state is.
  const title = 'Trust a project';
  if (facts.trusted === 0) {
    return {
      title,
      done: false,
      text: 'No project is trusted yet. Press Trust… on a project card, so Claude Code may work in that folder.',
    };
  }
  const verb = facts.trusted === 1 ? 'is' : 'are';
  const noun = facts.projects === 1 ? 'project' : 'projects';
  return {
    title,
    done: true,
    text: `${facts.trusted} of ${facts.projects} ${noun} ${verb} trusted.`,
  };
}

function startStep(facts: OrientationFacts): Draft {
  const title = 'Start a bridge';
  if (facts.live > 0) {
    const running = facts.live === 1 ? '1 bridge is' : `${facts.live} bridges are`;
    return { title, done: true, text: `${running} up.` };
  }
  const how = 'press Start… on its card and choose what Claude may do without asking.';
  return {
    title,
    done: false,
    text:
      facts.trusted > 0 ? `Pick a trusted project and ${how}` : `Once a project is trusted, ${how}`,
  };
}

function openStep(facts: OrientationFacts): Draft {
  const title = 'Open it in Claude';
  const where =
    'press Open in Claude on its card, or open Details and scan the QR code with your phone. The session is then in claude.ai/code and the Claude app.';
  if (facts.ready !== null) {
    return { title, done: false, text: `${facts.ready} is running: ${where}` };
  }
  if (facts.live > 0) {
    return { title, done: false, text: `When the status says Running, ${where}` };
  }
  return { title, done: false, text: `When a bridge is running, ${where}` };
}
