import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { redactText, redactTextJs } from '../../src/security/redact.js';
import {
  checkNativeModule,
  decideRedactor,
  installNativeRedactor,
  NATIVE_REDACTOR_PATH,
  RedactorChoiceError,
  type RedactorSource,
  readRedactorChoice,
  readRedactorStatus,
} from '../../src/system/native-redactor.js';
import { buildRedactorSamples } from '../../src/system/redactor-samples.js';
import { useTempDir } from '../support/temp.js';

/** A fake module that answers like the JS engine, except where `answer` says otherwise. */
function fakeModule(answer: (input: string) => string | undefined = redactTextJs) {
  return { redact: answer, version: 1 };
}

describe('readRedactorChoice()', () => {
  it('readRedactorChoice() reads js and auto, and unset or empty as auto', () => {
    assert.equal(readRedactorChoice({ CLAUSTER_REDACTOR: 'js' }), 'js');
    assert.equal(readRedactorChoice({ CLAUSTER_REDACTOR: 'auto' }), 'auto');
    assert.equal(readRedactorChoice({ CLAUSTER_REDACTOR: '' }), 'auto');
    assert.equal(readRedactorChoice({}), 'auto');
  });

  it('readRedactorChoice() refuses any other value, naming the variable, value and choices', () => {
    for (const value of ['native', 'JS', ' js', '0']) {
      assert.throws(
        () => readRedactorChoice({ CLAUSTER_REDACTOR: value }),
        (error: unknown) =>
          error instanceof RedactorChoiceError &&
          error.message.startsWith(`CLAUSTER_REDACTOR=${JSON.stringify(value)} `) &&
          /expected js .* or auto /.test(error.message),
      );
    }
  });
});

describe('checkNativeModule()', () => {
  it('checkNativeModule() passes a module that answers like the JS engine, counting answers', () => {
    const checked = checkNativeModule(fakeModule());
    assert.equal(checked.ok, true);
    assert.equal(checked.ok && checked.answered, buildRedactorSamples().length);
  });

  it('checkNativeModule() passes a module that declines every sample (answered 0)', () => {
    const checked = checkNativeModule(fakeModule(() => undefined));
    assert.equal(checked.ok && checked.answered, 0);
  });

  it('checkNativeModule() refuses wrong exports', () => {
    for (const exports of [
      null,
      'redact',
      {},
      { redact: redactTextJs },
      { redact: redactTextJs, version: 2 },
      { redact: redactTextJs, version: '1' },
      { redact: 'x', version: 1 },
    ]) {
      const checked = checkNativeModule(exports);
      assert.equal(checked.ok, false, JSON.stringify(exports));
      assert.match(checked.ok ? '' : checked.reason, /^wrong exports \(redact: /);
    }
  });

  it('checkNativeModule() refuses a module whose answer differs on one sample', () => {
    const samples = buildRedactorSamples();
    const target = samples.find((sample) => sample.label === 'bearer header');
    assert.ok(target !== undefined);
    // Right everywhere except one line, where it leaves the token unmasked.
    const leaky = fakeModule((input) => (input === target.text ? input : redactTextJs(input)));
    const checked = checkNativeModule(leaky, samples);
    assert.equal(checked.ok, false);
    assert.match(checked.ok ? '' : checked.reason, /^self-check failed: .*"bearer header"/);
  });

  it('checkNativeModule() refuses a module that throws on a sample', () => {
    const checked = checkNativeModule(
      fakeModule(() => {
        throw new Error('boom');
      }),
    );
    assert.match(checked.ok ? '' : checked.reason, /^self-check failed: it threw on /);
  });

  it('the samples cover each shape the brief lists, and each id sample is masked', () => {
    const samples = buildRedactorSamples();
    for (const label of ['session id', 'env id', 'cse id', 'uuid', 'bearer header']) {
      const sample = samples.find((s) => s.label === label);
      assert.ok(sample !== undefined, label);
      assert.match(redactTextJs(sample.text), /<redacted>/, label);
    }
    assert.ok(
      samples.some((s) => s.text.length > 4096),
      'a long line',
    );
  });
});

describe('decideRedactor()', () => {
  const temp = useTempDir();

  async function withModuleFile(): Promise<string> {
    const path = join(temp.path, ...NATIVE_REDACTOR_PATH);
    await mkdir(join(path, '..'), { recursive: true });
    await writeFile(path, 'not really a module');
    return path;
  }

  function decide(source: Partial<RedactorSource>) {
    return decideRedactor({ choice: 'auto', root: temp.path, ...source });
  }

  it('decideRedactor() falls back to JS with the path and the fix when the module is missing', () => {
    const decision = decide({ load: () => assert.fail('must not load a missing file') });
    assert.equal(decision.redact, null);
    assert.equal(decision.status.engine, 'js');
    assert.equal(decision.status.engine === 'js' && decision.status.cause, 'not-built');
    const path = join(temp.path, ...NATIVE_REDACTOR_PATH);
    const reason = decision.status.engine === 'js' ? decision.status.reason : '';
    assert.ok(reason.startsWith(`not built: no ${path}; run \`npm rebuild\` in ${temp.path}`));
  });

  it('decideRedactor() falls back to JS when the module does not load', async () => {
    await withModuleFile();
    const decision = decide({
      load: () => {
        throw new Error('invalid ELF header\nsecond line');
      },
    });
    assert.equal(decision.redact, null);
    assert.equal(decision.status.engine === 'js' && decision.status.cause, 'load-failed');
    assert.match(JSON.stringify(decision.status), /did not load \(invalid ELF header\)/);
  });

  it('decideRedactor() refuses wrong exports and a failed self-check', async () => {
    const path = await withModuleFile();
    for (const exports of [{ version: 1 }, fakeModule((input) => `${input}!`)]) {
      const decision = decide({ load: () => exports });
      assert.equal(decision.redact, null);
      assert.equal(decision.status.engine === 'js' && decision.status.cause, 'refused');
      assert.match(JSON.stringify(decision.status), new RegExp(`${path} refused: `));
    }
  });

  it('decideRedactor() takes a module that passes, loaded from its path', async () => {
    const path = await withModuleFile();
    const fake = fakeModule();
    const decision = decide({ load: (at) => (at === path ? fake : null) });
    assert.equal(decision.redact, fake.redact);
    const samples = buildRedactorSamples().length;
    assert.deepEqual(decision.status, { engine: 'native', path, answered: samples, samples });
  });

  it('decideRedactor() never loads the module when CLAUSTER_REDACTOR=js forces JS', async () => {
    await withModuleFile();
    const decision = decide({ choice: 'js', load: () => assert.fail('must not load') });
    assert.deepEqual(decision, {
      status: { engine: 'js', cause: 'forced', reason: 'forced by CLAUSTER_REDACTOR=js' },
      redact: null,
    });
  });
});

describe('installNativeRedactor()', () => {
  it('installNativeRedactor() decides once per process and still refuses a bad value', () => {
    assert.deepEqual(readRedactorStatus(), {
      engine: 'js',
      cause: 'not-loaded',
      reason: 'not loaded in this process',
    });
    const first = installNativeRedactor({});
    assert.equal(installNativeRedactor({ CLAUSTER_REDACTOR: 'js' }), first);
    assert.equal(readRedactorStatus(), first);
    assert.throws(() => installNativeRedactor({ CLAUSTER_REDACTOR: 'fast' }), RedactorChoiceError);
    // Whichever engine got installed, redactText() answers like the JS engine.
    for (const sample of buildRedactorSamples()) {
      assert.equal(redactText(sample.text), redactTextJs(sample.text), sample.label);
    }
  });
});
