// Test reporter: Node's TAP output, plus a list of the failed tests just above the closing
// `# tests N` … `# duration_ms` lines. A CI log is often kept only as its tail; with this the
// tail names what failed (file:line, test name, first line of the error) instead of only
// `# fail 1`.
import { tap } from 'node:test/reporters';

// A path in the temp mirror or the checkout, shown from the repository root.
function shortPath(path) {
  return path.replace(/^.*?\/(test|src|web|scripts)\//, '$1/').replace(/\.js$/, '.ts');
}

// The error's first line, and where it was thrown when that is in the project's own code.
function describeError(error) {
  const cause = error?.cause ?? error;
  const text = cause instanceof Error ? cause.message : String(cause ?? '');
  const first = text.split('\n', 1)[0].slice(0, 300);
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
  let listed = false;
  for await (const event of source) {
    if (event.type === 'test:fail' && event.data.details?.type !== 'suite') {
      failures.push(
        `${where(event.data)} ${event.data.name} — ${describeError(event.data.details?.error)}`,
      );
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
