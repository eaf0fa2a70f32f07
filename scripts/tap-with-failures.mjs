// Test reporter: Node's TAP output, plus a list of the failed tests just above the closing
// `# tests N` … `# duration_ms` lines. A CI log is often kept only as its tail; with this the
// tail names what failed (file:line, test name, first line of the error) instead of only
// `# fail 1`.
import { tap } from 'node:test/reporters';

// A path in the temp mirror or the checkout, shown from the repository root.
function shortPath(path) {
  return path.replace(/^.*?\/(test|src|web|scripts)\//, '$1/').replace(/\.js$/, '.ts');
}

// A primitive's short form (an assertion's actual or expected value), else null.
function shortValue(value) {
  if (value !== null && typeof value === 'object') return null;
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

// The error's first line (for an assertion on primitives, also what it got and wanted), and
// where it was thrown when that is in the project's own code. `stderrLine`: the first error
// line the test file printed, used when the failure itself says only "test failed" (a file
// that could not load: a missing import, a syntax error).
function describeError(error, stderrLine) {
  const cause = error?.cause ?? error;
  const text = cause instanceof Error ? cause.message : String(cause ?? '');
  let first = text.split('\n', 1)[0].slice(0, 300);
  if (cause?.code === 'ERR_ASSERTION') {
    const [actual, expected] = [shortValue(cause.actual), shortValue(cause.expected)];
    if (actual !== null && expected !== null) first += ` actual ${actual}, expected ${expected}`;
  }
  if (error?.code === 'ERR_TEST_FAILURE' && first === 'test failed' && stderrLine) {
    first = stderrLine.slice(0, 300);
  }
  const frame = /\/(?:test|src|web)\/[^\s()]*:\d+/.exec(cause?.stack ?? '')?.[0];
  return frame ? `${first} (at ${shortPath(frame)})` : first;
}

function where(data) {
  if (!data.file) return '(unknown file)';
  const file = shortPath(data.file);
  return data.line ? `${file}:${data.line}` : file;
}

async function* withFailureList(source) {
  const failures = [];
  // The first error line each test file printed on stderr (file → line).
  const stderrErrors = new Map();
  let listed = false;
  for await (const event of source) {
    if (event.type === 'test:stderr' && event.data.file && !stderrErrors.has(event.data.file)) {
      const line = /^\s*(\w*Error\b.*)$/m.exec(event.data.message ?? '')?.[1];
      if (line) stderrErrors.set(event.data.file, line);
    }
    if (event.type === 'test:fail' && event.data.details?.type !== 'suite') {
      const { name, file, details } = event.data;
      const shown = name.startsWith('/') ? shortPath(name) : name;
      const why = describeError(details?.error, stderrErrors.get(file));
      failures.push(`${where(event.data)} ${shown} — ${why}`);
    }
    const closing =
      event.type === 'test:diagnostic' &&
      event.data.nesting === 0 &&
      /^tests \d+$/.test(event.data.message);
    if (closing && !listed && failures.length > 0) {
      listed = true;
      yield { type: 'test:diagnostic', data: { nesting: 0, message: 'failed tests:' } };
      for (const message of failures) {
        yield { type: 'test:diagnostic', data: { nesting: 0, message: `  ${message}` } };
      }
    }
    yield event;
  }
}

export default async function* tapWithFailures(source) {
  yield* tap(withFailureList(source));
}
