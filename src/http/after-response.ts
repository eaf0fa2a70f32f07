/**
 * Running work once a response is on the wire. Invariant: the task never runs before the
 * answer was handed to the socket (or the client went away), so work that closes the server
 * cannot cut off the request that asked for it.
 */
import { ServerResponse } from 'node:http';
import type { Context } from 'hono';

/**
 * Runs `task` once the Node response of `c` closed (sent, or its connection ended); with no
 * Node response (`app.request()` in tests) on the next turn of the event loop.
 */
export function runAfterResponse(c: Context, task: () => void): void {
  const outgoing = (c.env as { outgoing?: unknown } | undefined)?.outgoing;
  if (outgoing instanceof ServerResponse && !outgoing.closed) {
    outgoing.once('close', task);
    return;
  }
  setImmediate(task);
}
