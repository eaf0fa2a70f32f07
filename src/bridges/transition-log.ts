/**
 * Bridge lifecycle in the dashboard's own log (stderr, journald): one line per start, ready,
 * stop, crash or error of a bridge, and one per bridge re-adopted at start. Invariant: a line
 * carries only the project name, the bridge id, pid, statuses and (for a crash or error) the
 * reason passed through the redactor again — never the connect URL, a session id, the
 * bridge's name, argv or cwd, so the log can be shared as the audit trail can.
 */
import type { ClausterEvent, EventBus } from '../events/bus.js';
import { redactText } from '../security/redact.js';
import type { Logger } from '../system/ports.js';

export interface TransitionLine {
  level: 'info' | 'warn';
  message: string;
  fields: Record<string, unknown>;
}

type BridgeEvent = Extract<ClausterEvent, { type: 'bridge' }>;

// The fields every line carries, read defensively (the event's bridge is a plain record).
function pickFields(bridge: Record<string, unknown>, status: string): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  if (typeof bridge.project === 'string') fields.project = bridge.project;
  if (typeof bridge.id === 'string') fields.bridge_id = bridge.id;
  if (typeof bridge.pid === 'number') fields.pid = bridge.pid;
  fields.status = status;
  return fields;
}

function withReason(bridge: Record<string, unknown>, fields: Record<string, unknown>) {
  // Why redact again: the reason is redacted when recorded, but this line must hold even if
  // a logger that does not redact (tests, a custom sink) is wired in.
  const reason = typeof bridge.reason === 'string' ? redactText(bridge.reason) : null;
  return reason === null ? fields : { ...fields, reason };
}

/** The log line of one bus event, or null when it is not a bridge status change. Pure. */
export function describeBridgeEvent(event: ClausterEvent): TransitionLine | null {
  if (event.type !== 'bridge') return null;
  return describeTransition(event);
}

function describeTransition(event: BridgeEvent): TransitionLine | null {
  const { bridge, from, to } = event;
  const fields = pickFields(bridge, to);
  if (from === null) {
    const adopted = bridge.adopted === true;
    return { level: 'info', message: adopted ? 'bridge adopted' : 'bridge started', fields };
  }
  if (from === to) return null;
  const moved = { ...fields, from };
  if (to === 'crashed' || to === 'error') {
    return { level: 'warn', message: `bridge ${to}`, fields: withReason(bridge, moved) };
  }
  return { level: 'info', message: `bridge ${to}`, fields: moved };
}

/**
 * The line of a bridge found alive when the dashboard started (re-adoption publishes no
 * event), or null for one still `starting` (its search may not have finished; its move to
 * running is logged when it comes). Pure.
 */
export function describeReadopted(bridge: Record<string, unknown>): TransitionLine | null {
  const status = typeof bridge.status === 'string' ? bridge.status : '';
  if (status !== 'running' && status !== 'error') return null;
  return { level: 'info', message: 'bridge re-adopted', fields: pickFields(bridge, status) };
}

export interface TransitionLog {
  /** Logs each bridge in `bridges` no event has logged yet; call once, after recovery. */
  noteRecovered(bridges: ReadonlyArray<Record<string, unknown>>): void;
  close(): void;
}

/** Subscribes to `bus` and writes each bridge transition to `logger` (its level applies). */
export function subscribeTransitionLog(bus: EventBus, logger: Logger): TransitionLog {
  // Bridges already logged through an event before recovery ended (a re-adopted `starting`
  // record judged running, say): not logged again as re-adopted. Not kept after recovery.
  let seen: Set<string> | null = new Set<string>();
  const write = (line: TransitionLine | null): void => {
    if (line !== null) logger[line.level](line.message, line.fields);
  };
  const unsubscribe = bus.subscribe((event) => {
    if (event.type === 'bridge' && typeof event.bridge.id === 'string') seen?.add(event.bridge.id);
    write(describeBridgeEvent(event));
  });
  return {
    noteRecovered(bridges) {
      const logged = seen;
      if (logged === null) return;
      seen = null;
      for (const bridge of bridges) {
        if (typeof bridge.id === 'string' && !logged.has(bridge.id))
          write(describeReadopted(bridge));
      }
    },
    close: () => void unsubscribe(),
  };
}
