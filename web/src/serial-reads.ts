// One read of a list at a time, for every caller: the shell at login, the events socket, the
// Projects view's timer, the start dialog, Trust all. An ask while a read is under way queues
// one more read, sent once the current one has answered (however many asks came meanwhile),
// so answers always arrive in the order their requests were sent and an older list never
// replaces a newer one. When the session ends, `forget()` drops every read under way: their
// answers (a 401's "session ended" included) are never recorded. Pure: tested in test/web/.

/** Records the outcome of one read in the page state (an answer or the error to show). */
export type RecordOutcome = () => void;

export interface SerialReads {
  /**
   * Reads now, or once the read under way has answered; resolves once a read sent after this
   * call has been recorded (or dropped). Does nothing while `isActive()` is false.
   */
  ask(): Promise<void>;
  /** Drops every read under way or queued: their outcomes are never recorded. */
  forget(): void;
}

/**
 * Serialises `read`, which sends one request and resolves with how to record its outcome
 * (it reports its own failures that way and never rejects). Outcomes are recorded only while
 * `isActive()` is true and no `forget()` came since their read was sent.
 */
export function createSerialReads(
  read: () => Promise<RecordOutcome>,
  isActive: () => boolean,
): SerialReads {
  // Bumped by forget(): a read or queued read of an older generation records nothing.
  let generation = 0;
  let current: Promise<void> | null = null;
  let queued: Promise<void> | null = null;

  const send = (): Promise<void> => {
    const mine = generation;
    const settled = read()
      .then((record) => {
        if (mine === generation && isActive()) record();
      })
      .catch(() => undefined)
      .then(() => {
        if (mine === generation) current = null;
      });
    current = settled;
    return settled;
  };

  return {
    ask() {
      if (!isActive()) return Promise.resolve();
      if (queued) return queued;
      if (!current) return send();
      const mine = generation;
      queued = current.then(() => {
        if (mine !== generation) return;
        queued = null;
        if (isActive()) return send();
      });
      return queued;
    },
    forget() {
      generation += 1;
      current = null;
      queued = null;
    },
  };
}
