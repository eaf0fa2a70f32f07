// Child process of the "run of rejected tokens" tests: redacts, with the engine named in
// argv[2] (`native` or `js`), a line of each token repeated to about 1 Mi units, and prints
// `ok` when every line comes back unchanged (the word-start rule rejects each token). The
// parent gives it a minute: a redactor that reads every rejected token to the end of the run
// takes minutes here (quadratic), a linear one milliseconds, and a synchronous loop cannot be
// cut short by a timeout inside the same process.
import { redactTextJs } from '../../src/security/redact.js';
import { asTwoByte, loadNativeRedact, MUST_ACCEPT_LENGTH } from './native-redact.js';

const TOKENS = ['aeyJ', 'ask-', 'asession_', 'aenv_', 'aghp_'];
const redact = process.argv[2] === 'native' ? loadNativeRedact() : redactTextJs;
for (const token of TOKENS) {
  const line = token.repeat(Math.floor(MUST_ACCEPT_LENGTH / token.length));
  for (const held of [line, asTwoByte(line)]) {
    if (redact(held) !== line) {
      process.stdout.write(`changed: ${token}\n`);
      process.exit(1);
    }
  }
}
process.stdout.write('ok\n');
