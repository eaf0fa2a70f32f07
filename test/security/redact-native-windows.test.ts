// The native engine takes its first look at a line in one of three ways (native/engine/window.h:
// a unit at a time, SSE2, AVX2), picked by the CPU. Every way this machine has must redact
// exactly as the reference does: each is switched on in turn and checked on generated lines
// (held as one-byte and as two-byte strings) and on every code unit beside every anchor.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import {
  loadNativeWindows,
  nativeMismatchBothKinds,
  nativeMismatches,
  type WindowKind,
} from '../support/native-redact.js';
import { hostileLineArb } from '../support/redact-arbitraries.js';
import { referenceRedact } from '../support/redact-reference.js';

const windows = loadNativeWindows();
const chosen = windows();
const KINDS: WindowKind[] = ['scalar', 'sse2', 'avx2'];
// The kinds this CPU runs: switching to one it lacks leaves the engine where it was.
const available = KINDS.filter((kind) => windows(kind) === kind);
windows(chosen);

const ANCHORS = [':', '=', '-', '_', 'A', 'J', 'B', 'b'];

describe('native redact() with each way of looking at a line', () => {
  after(() => windows(chosen));

  it('the scalar way runs everywhere, and SSE2 on x86-64; the default is the widest', () => {
    assert.ok(available.includes('scalar'));
    if (process.arch === 'x64') assert.ok(available.includes('sse2'));
    assert.equal(chosen, available[available.length - 1]);
  });

  for (const kind of KINDS) {
    it(`${kind}: equals the reference on generated lines and every code unit beside an anchor`, (t) => {
      if (!available.includes(kind)) {
        // Not a pass: this CPU cannot run it, and the test says so in its output.
        t.diagnostic(
          `${kind} is not available on this CPU; the ways checked: ${available.join(', ')}`,
        );
        assert.equal(windows(kind), chosen);
        return;
      }
      assert.equal(windows(kind), kind);
      fc.assert(
        fc.property(hostileLineArb(40), (line) => {
          assert.equal(nativeMismatchBothKinds(line, referenceRedact(line)), undefined);
        }),
        { numRuns: 1500 },
      );
      const cases: Array<[string, string]> = [];
      for (let code = 0; code < 0x10000; code += 1) {
        const c = String.fromCharCode(code);
        const label = `U+${code.toString(16).padStart(4, '0')}`;
        cases.push([
          label,
          ANCHORS.map((a) => `token${a}${c}abcdefghijkl ${c}${a}abcdefghijklmnopqrstuvwx`).join(
            ' ',
          ),
        ]);
      }
      assert.deepEqual(nativeMismatches(cases, referenceRedact), { count: 0, first: [] });
    });
  }
});
