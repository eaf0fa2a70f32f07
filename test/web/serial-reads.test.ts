// One project-list read at a time for every caller (web/src/serial-reads.ts): an ask during a
// read queues exactly one more, answers are recorded in the order their reads were sent (an
// older list never replaces a newer one), and nothing is read or recorded once the session is
// gone or after forget() — not even the "session ended" error of a read that got the 401.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSerialReads, type RecordOutcome } from '../../web/src/serial-reads.js';

/** Reads the test answers by hand; `recorded` lists the answers recorded, in order. */
function handReads() {
  let active = true;
  const pending: { answer: (value: string) => void }[] = [];
  const recorded: string[] = [];
  const reads = createSerialReads(
    () =>
      new Promise<RecordOutcome>((resolve) => {
        pending.push({ answer: (value) => resolve(() => recorded.push(value)) });
      }),
    () => active,
  );
  return {
    reads,
    recorded,
    sent: () => pending.length,
    /** Answers read number `index` (0-based, in sending order) and lets the promises settle. */
    async answer(index: number, value: string) {
      pending[index]?.answer(value);
      await settle();
    },
    setActive(value: boolean) {
      active = value;
    },
  };
}

async function settle(): Promise<void> {
  for (let i = 0; i < 10; i += 1) await Promise.resolve();
}

describe('serial reads', () => {
  it('ask() reads at once when nothing is under way', async () => {
    const fake = handReads();
    const done = fake.reads.ask();
    assert.equal(fake.sent(), 1);
    await fake.answer(0, 'list-1');
    await done;
    assert.deepEqual(fake.recorded, ['list-1']);
    void fake.reads.ask();
    assert.equal(fake.sent(), 2, 'once answered, the next ask reads at once again');
  });

  it('ask() during a read queues one more read, sent only after the answer', async () => {
    const fake = handReads();
    void fake.reads.ask();
    const second = fake.reads.ask();
    const third = fake.reads.ask();
    assert.equal(second, third, 'many asks share the one queued read');
    assert.equal(fake.sent(), 1, 'never two reads at once');
    await fake.answer(0, 'older');
    assert.equal(fake.sent(), 2);
    await fake.answer(1, 'newer');
    await second;
    assert.deepEqual(fake.recorded, ['older', 'newer']);
    assert.equal(fake.sent(), 2);
  });

  it('forget() drops the answer of a read under way and of the queued one', async () => {
    const fake = handReads();
    void fake.reads.ask();
    void fake.reads.ask();
    fake.reads.forget();
    // The next session reads at once, without waiting for the old read.
    void fake.reads.ask();
    assert.equal(fake.sent(), 2);
    await fake.answer(0, 'your session has ended');
    assert.deepEqual(fake.recorded, []);
    assert.equal(fake.sent(), 2, 'the forgotten queued read is never sent');
    await fake.answer(1, 'fresh');
    assert.deepEqual(fake.recorded, ['fresh']);
  });

  it('nothing is read or recorded while there is no session', async () => {
    const fake = handReads();
    void fake.reads.ask();
    fake.setActive(false);
    await fake.answer(0, 'after the session ended');
    assert.deepEqual(fake.recorded, []);
    await fake.reads.ask();
    assert.equal(fake.sent(), 1);
  });

  it('a read that rejects still frees the queue', async () => {
    let calls = 0;
    const reads = createSerialReads(
      () => {
        calls += 1;
        return Promise.reject(new Error('read() broke its promise'));
      },
      () => true,
    );
    await reads.ask();
    await reads.ask();
    assert.equal(calls, 2);
  });
});
