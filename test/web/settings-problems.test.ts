// Reading a refused Settings save (web/src/settings-problems.ts): each named key gets its own
// line out of the 422 body's `problems`, only a line's start names its key (never the operator's
// own text in the found part), and the line under a field is worded for the page ("or empty"
// rather than "or null").
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkEditableValue } from '../../src/config/editable-keys.js';
import { formatProblem } from '../../src/config/problems.js';
import { fieldProblemText, problemsByKey } from '../../web/src/settings-problems.js';

const KEYS = [
  'instance_name',
  'instance_defaults.capacity',
  'instance_defaults.session_name_prefix',
  'log_level',
];

/** The `problems` PUT /api/config sends for refused values (src/http/routes/config.ts). */
function refusal(changes: Record<string, unknown>): string[] {
  return Object.entries(changes).map(([key, value]) => {
    const problem = checkEditableValue(key, value);
    assert.ok(problem, `${key} is refused`);
    return formatProblem(problem);
  });
}

describe('settings problems', () => {
  it('problemsByKey() gives each refused key its own line, in the order of the lines', () => {
    const problems = refusal({ 'instance_defaults.capacity': 0, instance_name: 'bad name!' });
    const found = problemsByKey(problems, KEYS);
    assert.deepEqual([...found.keys()], ['instance_defaults.capacity', 'instance_name']);
    assert.equal(
      found.get('instance_defaults.capacity'),
      'expected an integer from 1 to 1000, found number 0',
    );
    assert.match(found.get('instance_name') ?? '', /^expected 1 to 32 characters .*"bad name!"$/);
  });

  it('problemsByKey() counts a key only as a whole name', () => {
    const problems = ['instance_defaults.session_name_prefix: expected x, found y'];
    const found = problemsByKey(problems, [...KEYS, 'session_name_prefix']);
    assert.deepEqual([...found.keys()], ['instance_defaults.session_name_prefix']);
  });

  it('problemsByKey() never reads a key out of the value the operator typed', () => {
    const typed = 'x; instance_defaults.capacity: expected nothing';
    const problems = refusal({ instance_name: typed });
    const found = problemsByKey(problems, KEYS);
    assert.deepEqual([...found.keys()], ['instance_name']);
    assert.match(found.get('instance_name') ?? '', /found .*instance_defaults\.capacity: expected/);
  });

  it('problemsByKey() names nothing when no line starts with a listed key', () => {
    assert.equal(problemsByKey([], KEYS).size, 0);
    assert.equal(problemsByKey(['host: expected a loopback address'], KEYS).size, 0);
    assert.equal(problemsByKey(['the file: instance_name: expected x'], KEYS).size, 0);
  });

  it('fieldProblemText() capitalises and says "or empty" for a nullable key', () => {
    assert.equal(
      fieldProblemText('expected 1 to 32 characters, or null, found the number 5'),
      'Expected 1 to 32 characters, or empty, found the number 5',
    );
  });
});
