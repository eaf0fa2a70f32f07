// Child process for test/security/redact-native.test.ts: calls the native redact() with every
// kind of argument that is not a string, prints one JSON line per call ({ label, outcome }:
// `TypeError`, `threw <name>: <message>` or `returned <JSON>`), then the redaction of one
// string, and exits 0. A crash of the engine shows as the child's signal, not as the test's.
// Usage: node native-redact-child.js
import { loadNativeRedact } from './native-redact.js';

const redact = loadNativeRedact() as unknown as (...args: unknown[]) => unknown;
const ID = 'session_01FAKEFAKE';

const CALLS: Array<[string, unknown[]]> = [
  ['no argument', []],
  ['undefined', [undefined]],
  ['null', [null]],
  ['a number', [42]],
  ['NaN', [Number.NaN]],
  ['a bigint', [10n]],
  ['a boolean', [true]],
  ['a symbol', [Symbol('x')]],
  ['an object', [{}]],
  ['an object with toString()', [{ toString: () => ID }]],
  ['a String object', [Object(ID)]],
  ['an array', [[ID]]],
  ['a Buffer', [Buffer.from(ID)]],
  ['a function', [() => ID]],
];

function outcomeOf(args: unknown[]): string {
  try {
    const result = redact(...args);
    return `returned ${typeof result === 'bigint' ? String(result) : JSON.stringify(result)}`;
  } catch (error) {
    if (error instanceof TypeError) return 'TypeError';
    return error instanceof Error ? `threw ${error.name}: ${error.message}` : `threw ${error}`;
  }
}

for (const [label, args] of CALLS) {
  process.stdout.write(`${JSON.stringify({ label, outcome: outcomeOf(args) })}\n`);
}
process.stdout.write(
  `${JSON.stringify({ label: 'a string afterwards', outcome: outcomeOf([ID]) })}\n`,
);
