// The usage badge of a project card: approximate cost ("$3.42") or tokens ("1.2M tok") from
// GET /api/projects/{name}/usage, focusable, with the per-model breakdown as its tooltip and
// accessible description. Fetched lazily: only while the card is on screen, a few at a time,
// and again once the figure is more than a minute old (checked every 15 s and on each card
// update). The last answer per project is kept for the page's life, so a card built again
// (another visit to the Projects view) shows it at once. Nothing shows while loading, on an
// error, for a project with no usage, or when usage is off.

import { ApiError, requestJson } from './api.js';
import { h } from './dom.js';
import { formatMoney, formatTokens } from './format.js';

interface ModelUsage {
  model: string;
  messages: number;
  total: number;
  cache_write_1h: number;
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
  /** Stops watching the card and drops its queued request (the card is going away). */
  destroy(): void;
}

const STALE_MS = 60_000;
const CHECK_MS = 15_000;
const MAX_IN_FLIGHT = 2;

interface Job {
  owner: object;
  run: () => Promise<void>;
}

const queue: Job[] = [];
const visible = new WeakMap<Element, () => void>();
const onScreen = new Set<Element>();
// The last answer for each project (null: an error or nothing to show), shared by all cards.
const known = new Map<string, { fetchedAt: number; reply: UsageReply | null }>();
const controllers = new Set<AbortController>();
let inFlight = 0;
let badges = 0;
let nextId = 0;
let timer: ReturnType<typeof setInterval> | null = null;
// Set by the first 404 feature-disabled answer: usage.mode is off, stop asking.
let switchedOff = false;
// While paused (logging out, logged out) nothing new is sent.
let paused = false;

function pump(): void {
  while (!paused && inFlight < MAX_IN_FLIGHT && queue.length > 0) {
    const job = queue.shift();
    if (!job) return;
    inFlight += 1;
    void job.run().finally(() => {
      inFlight -= 1;
      pump();
    });
  }
}

/**
 * Stops sending badge requests and aborts those in flight (so a logout never races a
 * background request into a 401). `drop` also forgets the queued requests and the known
 * answers (the cards are going away, the session is over).
 */
export function pauseUsageBadges(options: { drop?: boolean } = {}): void {
  paused = true;
  if (options.drop) {
    queue.length = 0;
    known.clear();
  }
  for (const controller of controllers) controller.abort();
  controllers.clear();
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
        for (const entry of entries) {
          if (!entry.isIntersecting) {
            onScreen.delete(entry.target);
            continue;
          }
          onScreen.add(entry.target);
          visible.get(entry.target)?.();
        }
      });

function checkOnScreen(): void {
  for (const card of onScreen) visible.get(card)?.();
}

function money(reply: UsageReply, usd: number | null): string {
  const { cost } = reply.usage;
  return usd === null ? 'no price' : formatMoney(usd * cost.fx_rate, cost.symbol);
}

function describe(reply: UsageReply): string {
  const { usage } = reply;
  const lines = usage.models.map((m) => {
    const hour = m.cache_write_1h > 0 ? ` (${formatTokens(m.cache_write_1h)} 1h cache write)` : '';
    const cost = reply.mode === 'cost' ? `, ${money(reply, m.cost_usd)}` : '';
    return `${m.model}: ${m.messages} msg, ${formatTokens(m.total)} tok${hour}${cost}`;
  });
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

/** What a screen reader says for the badge: "Approximate cost $3.42" or "1.2M tokens". */
function badgeLabel(reply: UsageReply): string {
  const { totals, cost } = reply.usage;
  if (reply.mode === 'cost' && cost.amount !== null) {
    const partial = cost.complete ? '' : ', some models unpriced';
    return `Approximate cost ${formatMoney(cost.amount, cost.symbol)}${partial}`;
  }
  return `${formatTokens(totals.total)} tokens`;
}

/**
 * Creates the badge of the card `card` (watched for visibility: the badge itself is hidden
 * until it has something to say); put `el` in the card, call `show` on every card update and
 * `destroy` when the card is removed.
 */
export function createUsageBadge(card: HTMLElement): UsageBadge {
  nextId += 1;
  const breakdownId = `usage-breakdown-${nextId}`;
  const text = h('span', {});
  const breakdown = h('span', { class: 'sr-only', attrs: { id: breakdownId } });
  const el = h(
    'span',
    {
      class: 'chip chip-usage',
      attrs: { hidden: true, tabindex: '0', role: 'img', 'aria-describedby': breakdownId },
    },
    text,
    breakdown,
  );
  const owner = {};
  let project = '';
  // Queued or in flight: one request per card at a time.
  let queued = false;
  let destroyed = false;

  function render(reply: UsageReply | null): void {
    const shown = reply !== null && reply.usage.totals.messages > 0;
    el.hidden = !shown;
    text.textContent = shown ? badgeText(reply) : '';
    el.title = shown ? describe(reply) : '';
    breakdown.textContent = el.title;
    if (shown) el.setAttribute('aria-label', badgeLabel(reply));
    else el.removeAttribute('aria-label');
  }

  async function load(): Promise<void> {
    const name = project;
    if (switchedOff || name === '' || destroyed) {
      queued = false;
      return;
    }
    const controller = new AbortController();
    controllers.add(controller);
    try {
      const reply = await requestJson<UsageReply>(
        'GET',
        `api/projects/${encodeURIComponent(name)}/usage`,
        undefined,
        { signal: controller.signal },
      );
      known.set(name, { fetchedAt: Date.now(), reply });
      if (name === project) render(reply);
    } catch (error) {
      const code = error instanceof ApiError ? error.code : undefined;
      if (code === 'aborted') return;
      if (code === 'feature-disabled') switchedOff = true;
      known.set(name, { fetchedAt: Date.now(), reply: null });
      if (name === project) render(null);
    } finally {
      controllers.delete(controller);
      queued = false;
    }
  }

  function request(): void {
    if (switchedOff || queued || destroyed || project === '') return;
    const seen = known.get(project);
    if (seen !== undefined && Date.now() - seen.fetchedAt < STALE_MS) return;
    queued = true;
    queue.push({ owner, run: load });
    pump();
  }

  visible.set(card, request);
  badges += 1;
  timer ??= setInterval(checkOnScreen, CHECK_MS);
  return {
    el,
    show(name) {
      if (destroyed) return;
      if (name !== project) {
        project = name;
        render(known.get(name)?.reply ?? null);
      }
      // Without an observer (old browsers), every card counts as on screen.
      if (observer === null) {
        onScreen.add(card);
        request();
      } else {
        // Observing again reports the current visibility, which fetches when stale.
        observer.unobserve(card);
        observer.observe(card);
      }
    },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      observer?.unobserve(card);
      visible.delete(card);
      onScreen.delete(card);
      for (let i = queue.length - 1; i >= 0; i -= 1) {
        if (queue[i]?.owner === owner) queue.splice(i, 1);
      }
      badges -= 1;
      if (badges === 0 && timer !== null) {
        clearInterval(timer);
        timer = null;
      }
    },
  };
}
