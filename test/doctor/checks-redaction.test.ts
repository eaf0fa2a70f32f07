import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkRedactionRow } from '../../src/doctor/checks-redaction.js';
import type { RedactorStatus } from '../../src/security/redact.js';
import { makeCheckContext } from '../support/doctor-context.js';
import { useTempDir } from '../support/temp.js';

const home = useTempDir();

function rowFor(redactor: RedactorStatus) {
  return checkRedactionRow(makeCheckContext({ home: home.path, host: { redactor } }));
}

describe('checkRedactionRow()', () => {
  it('checkRedactionRow() is OK for the native engine, naming it and its share', async () => {
    const path = '/opt/clauster/build/Release/clauster_redact.node';
    const row = await rowFor({ engine: 'native', path, answered: 3, samples: 19 });
    assert.deepEqual(row, {
      id: 'redaction',
      status: 'OK',
      detail: `native engine (${path}); it answered 3 of 19 self-check lines, the JS engine redacts the lines it declines`,
      fix: null,
    });
  });

  it('checkRedactionRow() is OK for the JS engine forced by CLAUSTER_REDACTOR=js', async () => {
    const reason = 'forced by CLAUSTER_REDACTOR=js';
    const row = await rowFor({ engine: 'js', cause: 'forced', reason });
    assert.equal(row.status, 'OK');
    assert.equal(row.detail, `JS engine, ${reason}`);
  });

  it('checkRedactionRow() warns with the reason and a rebuild fix when the module is missing', async () => {
    const reason = 'not built: no /opt/clauster/build/Release/clauster_redact.node';
    const row = await rowFor({ engine: 'js', cause: 'not-built', reason });
    assert.equal(row.status, 'WARN');
    assert.equal(row.detail, `JS engine (same output, slower): ${reason}`);
    assert.match(row.fix ?? '', /^run `npm rebuild` in the clauster directory/);
  });

  it('checkRedactionRow() warns for a refused module and says to report it', async () => {
    const reason = 'x refused: self-check failed';
    const row = await rowFor({ engine: 'js', cause: 'refused', reason });
    assert.equal(row.status, 'WARN');
    assert.match(row.fix ?? '', /report a clauster bug .*CLAUSTER_REDACTOR=js/);
  });
});
