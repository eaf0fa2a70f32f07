// The usage badge of a project card: approximate cost ("$3.42") or tokens ("1.2M tok") from
// GET /api/projects/{name}/usage, with the per-model breakdown as its tooltip. Fetched lazily:
// only once the card is on screen, a few at a time, and again when it is older than a minute.
// Nothing shows while loading, on an error, for a project with no usage, or when usage is off.

import { requestJson } from './api.js';
import { h } from './dom.js';
import { formatMoney, formatTokens } from './format.js';

interface ModelUsage {
  model: string;
  messages: number;
  total: number;
  cost_usd: number | null;
}

interface UsageReply {
  mode: 'cost' | 'tokens';
  usage: {
    models: ModelUsage[];
    totals: { messages: number; total: number };
    cost: { amount: number | null; symbol: string; fx_rate: number; complete: boolean };
    unpriced_models: string[];
    prices_checked_on: string;
  };
}

export interface UsageBadge {
  el: HTMLElement;
  /** Names the card's project; fetches when visible and the last answer is stale. */
  show(project: string): void;
}

const STALE_MS = 60_000;
const MAX_IN_FLIGHT = 2;
const queue: (() => Promise<void>)[] = [];
const visible = new WeakMap<Element, () => void>();
let inFlight = 0;
// Set by the first 404 feature-disabled answer: usage.mode is off, stop asking.
let switchedOff = false;
// While paused (logging out, logged out) nothing new is sent; idleWaiters hear the last answer.
let paused = false;
const idleWaiters: (() => void)[] = [];

function pump(): void {
  while (!paused && inFlight < MAX_IN_FLIGHT && queue.length > 0) {
    const job = queue.shift();
    if (!job) return;
    inFlight += 1;
    void job().finally(() => {
      inFlight -= 1;
      if (inFlight === 0) for (const wake of idleWaiters.splice(0)) wake();
      pump();
    });
  }
}

/**
 * Stops sending badge requests and resolves once none is in flight, so a logout never races
 * a background request into a 401. `drop` forgets the queued ones (the cards are going away).
 */
export function pauseUsageBadges(options: { drop?: boolean } = {}): Promise<void> {
  paused = true;
  if (options.drop) queue.length = 0;
  if (inFlight === 0) return Promise.resolve();
  return new Promise((resolve) => idleWaiters.push(resolve));
}

/** Sends badge requests again (the dashboard is shown). */
export function resumeUsageBadges(): void {
  paused = false;
  pump();
}

const observer =
  typeof IntersectionObserver === 'undefined'
    ? null
    : new IntersectionObserver((entries) => {
        for (const entry of entries) if (entry.isIntersecting) visible.get(entry.target)?.();
      });

function describe(reply: UsageReply): string {
  const { usage } = reply;
  const money = (usd: number | null) =>
    usd === null ? 'no price' : formatMoney(usd * usage.cost.fx_rate, usage.cost.symbol);
  const lines = usage.models.map(
    (m) =>
      `${m.model}: ${m.messages} msg, ${formatTokens(m.total)} tok${reply.mode === 'cost' ? `, ${money(m.cost_usd)}` : ''}`,
  );
  if (usage.unpriced_models.length > 0) lines.push('Models without a price count tokens only.');
  lines.push(`Approximate; prices last checked ${usage.prices_checked_on}.`);
  return lines.join('\n');
}

function badgeText(reply: UsageReply): string {
  const { totals, cost } = reply.usage;
  if (reply.mode === 'cost' && cost.amount !== null) {
    return `${formatMoney(cost.amount, cost.symbol)}${cost.complete ? '' : '+'}`;
  }
  return `${formatTokens(totals.total)} tok`;
}

/**
 * Creates the badge of the card `card` (watched for visibility: the badge itself is hidden
 * until it has something to say); put `el` in the card and call `show` on every card update.
 */
export function createUsageBadge(card: HTMLElement): UsageBadge {
  const el = h('span', { class: 'chip chip-usage', attrs: { hidden: true } });
  let project = '';
  let fetchedAt = 0;
  let queued = false;

  function render(reply: UsageReply | null): void {
    const shown = reply !== null && reply.usage.totals.messages > 0;
    el.hidden = !shown;
    el.textContent = shown ? badgeText(reply) : '';
    el.title = shown ? describe(reply) : '';
  }

  async function load(): Promise<void> {
    queued = false;
    if (switchedOff || project === '') return;
    const name = project;
    fetchedAt = Date.now();
    try {
      const reply = await requestJson<UsageReply>(
        'GET',
        `api/projects/${encodeURIComponent(name)}/usage`,
      );
      if (name === project) render(reply);
    } catch (error) {
      if ((error as { code?: string }).code === 'feature-disabled') switchedOff = true;
      if (name === project) render(null);
    }
  }

  function request(): void {
    if (switchedOff || queued || project === '') return;
    if (fetchedAt !== 0 && Date.now() - fetchedAt < STALE_MS) return;
    queued = true;
    queue.push(load);
    pump();
  }

  visible.set(card, request);
  return {
    el,
    show(name) {
      if (name !== project) {
        project = name;
        fetchedAt = 0;
        render(null);
      }
      // Without an observer (old browsers), fetch through the same throttled queue.
      if (observer === null) request();
      else {
        // Observing again reports the current visibility, which fetches when stale.
        observer.unobserve(card);
        observer.observe(card);
      }
    },
  };
}
