// How a test runs one of this tree's TypeScript files in a child Node process: the compiled
// .js beside it when the tests themselves run compiled (scripts/run-tests.mjs builds both),
// else the .ts through tsx (a test file run by hand with `node --import tsx --test`).
import { fileURLToPath } from 'node:url';

const COMPILED = import.meta.url.endsWith('.js');

/** The node arguments that run `url` (a .ts file of the tree), before its own arguments. */
export function nodeArgsFor(url: URL): string[] {
  const path = fileURLToPath(url);
  return COMPILED ? [path.replace(/\.ts$/, '.js')] : ['--import', 'tsx', path];
}
