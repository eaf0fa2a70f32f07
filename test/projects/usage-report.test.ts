import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FileUsage, MessageUsage } from '../../src/projects/transcript-file.js';
import {
  buildUsageReport,
  DEFAULT_USAGE_SETTINGS,
  resolveCurrencySymbol,
  type UsageSettings,
} from '../../src/projects/usage-report.js';

function message(
  model: string,
  input: number,
  output = 0,
  write = 0,
  read = 0,
  writeHour = 0,
): MessageUsage {
  const cache = { cache_write_5m: write, cache_write_1h: writeHour, cache_read: read };
  return { model, input, output, ...cache };
}

function file(entries: [string, MessageUsage][], extra: Partial<FileUsage> = {}): FileUsage {
  return {
    messages: new Map(entries),
    anonymous: [],
    sessions: new Set(['sess-fake-1']),
    first: null,
    last: null,
    skipped: 0,
    ...extra,
  };
}

const SONNET = 'claude-sonnet-4-5-20250929';
const OPUS = 'claude-opus-4-1-20250805';

describe('buildUsageReport()', () => {
  it('buildUsageReport() prices each model: input, output, cache write 1.25× and read 0.1×', () => {
    const report = buildUsageReport(
      [file([['msg_fake1', message(SONNET, 1_000_000, 1_000_000, 1_000_000, 1_000_000)]])],
      DEFAULT_USAGE_SETTINGS,
    );
    // 3 + 15 + 3.75 + 0.3
    assert.equal(report.models[0]?.cost_usd, 22.05);
    assert.equal(report.totals.cost_usd, 22.05);
    assert.equal(report.totals.total, 4_000_000);
    assert.deepEqual(report.cost, {
      amount: 22.05,
      currency: 'USD',
      symbol: '$',
      fx_rate: 1,
      complete: true,
    });
  });

  it('buildUsageReport() prices 1-hour cache writes at 2× input and reports them apart', () => {
    const report = buildUsageReport(
      [file([['msg_fake1', message(SONNET, 0, 0, 1_000_000, 0, 1_000_000)]])],
      DEFAULT_USAGE_SETTINGS,
    );
    // 5m: 3.75, 1h: 6
    assert.equal(report.totals.cost_usd, 9.75);
    assert.equal(report.totals.cache_write, 2_000_000);
    assert.equal(report.totals.cache_write_1h, 1_000_000);
    assert.equal(report.models[0]?.cache_write_1h, 1_000_000);
    assert.equal(report.totals.total, 2_000_000);
  });

  it('buildUsageReport() counts a message once across files with the largest 1h split', () => {
    // A resumed session repeats msg_fake1; its second copy saw the finished usage.
    const report = buildUsageReport(
      [
        file([['msg_fake1', message(SONNET, 10, 5, 100, 0, 0)]]),
        file([
          ['msg_fake1', message(SONNET, 10, 5, 100, 0, 900_000)],
          ['msg_fake2', message(SONNET, 0, 0, 0, 0, 100_000)],
        ]),
      ],
      DEFAULT_USAGE_SETTINGS,
    );
    assert.equal(report.totals.messages, 2);
    assert.equal(report.totals.cache_write_1h, 1_000_000);
    assert.equal(report.totals.cache_write, 1_000_100);
    // 1M 1h writes at $6 + 100 5m writes at $3.75 + 10 input at $3 + 5 output at $15
    assert.equal(report.totals.cost_usd, 6.00048);
  });

  it('buildUsageReport() counts a message id once across files (a resumed session repeats it)', () => {
    const shared = message(OPUS, 100, 50);
    const report = buildUsageReport(
      [
        file([['msg_fake1', shared]]),
        file([
          ['msg_fake1', shared],
          ['msg_fake2', message(OPUS, 1, 1)],
        ]),
      ],
      DEFAULT_USAGE_SETTINGS,
    );
    assert.equal(report.totals.messages, 2);
    assert.equal(report.totals.input, 101);
    assert.equal(report.files, 2);
  });

  it('buildUsageReport() leaves an unknown model unpriced, listed, and the total partial', () => {
    const report = buildUsageReport(
      [
        file([
          ['msg_fake1', message('claude-mystery-9', 500, 500)],
          ['msg_fake2', message(SONNET, 1_000_000)],
        ]),
      ],
      DEFAULT_USAGE_SETTINGS,
    );
    const mystery = report.models.find((m) => m.model === 'claude-mystery-9');
    assert.equal(mystery?.cost_usd, null);
    assert.equal(mystery?.total, 1000);
    assert.deepEqual(report.unpriced_models, ['claude-mystery-9']);
    assert.equal(report.totals.cost_usd, 3);
    assert.equal(report.cost.complete, false);
  });

  it('buildUsageReport() has a null cost when nothing counted could be priced', () => {
    const report = buildUsageReport(
      [file([['msg_fake1', message('gpt-x', 5)]])],
      DEFAULT_USAGE_SETTINGS,
    );
    assert.equal(report.totals.cost_usd, null);
    assert.equal(report.cost.amount, null);
  });

  it('buildUsageReport() shows the cost in the configured currency, fx_rate and symbol', () => {
    const settings: UsageSettings = {
      ...DEFAULT_USAGE_SETTINGS,
      currency: 'EUR',
      fxRate: 0.5,
      currencySymbol: 'EUR ',
    };
    const report = buildUsageReport([file([['msg_fake1', message(SONNET, 2_000_000)]])], settings);
    assert.equal(report.totals.cost_usd, 6);
    assert.deepEqual(report.cost, {
      amount: 3,
      currency: 'EUR',
      symbol: 'EUR ',
      fx_rate: 0.5,
      complete: true,
    });
  });

  it('buildUsageReport() leaves cache tokens out of the total when told to', () => {
    const settings = { ...DEFAULT_USAGE_SETTINGS, totalIncludesCache: false };
    const report = buildUsageReport(
      [file([['msg_fake1', message(SONNET, 1, 2, 300, 400)]])],
      settings,
    );
    assert.equal(report.totals.total, 3);
    assert.equal(report.totals.cache_read, 400);
  });

  it('buildUsageReport() sums sessions, times, skipped lines and id-less turns', () => {
    const report = buildUsageReport(
      [
        file([], {
          anonymous: [message(SONNET, 1), message(SONNET, 1)],
          first: 5,
          last: 9,
          skipped: 2,
        }),
        file([], { sessions: new Set(['sess-fake-2']), first: 3, last: 4, skipped: 1 }),
      ],
      DEFAULT_USAGE_SETTINGS,
      { unreadableFiles: 1 },
    );
    assert.equal(report.totals.messages, 2);
    assert.equal(report.sessions, 2);
    assert.equal(report.first_timestamp, new Date(3).toISOString());
    assert.equal(report.last_timestamp, new Date(9).toISOString());
    assert.equal(report.skipped_lines, 3);
    assert.equal(report.unreadable_files, 1);
  });

  it('buildUsageReport() of nothing is zero, not null', () => {
    const report = buildUsageReport([], DEFAULT_USAGE_SETTINGS);
    assert.deepEqual(report.models, []);
    assert.equal(report.totals.cost_usd, 0);
    assert.equal(report.cost.amount, 0);
    assert.equal(report.first_timestamp, null);
  });
});

describe('resolveCurrencySymbol()', () => {
  const cases: [string, string | null, string][] = [
    ['USD', null, '$'],
    ['EUR', null, '€'],
    ['GBP', null, '£'],
    ['CHF', null, 'CHF'],
    ['USD', 'US$', 'US$'],
  ];
  for (const [currency, symbol, expected] of cases) {
    it(`resolveCurrencySymbol() shows ${currency} with symbol ${symbol} as ${expected}`, () => {
      const settings = { ...DEFAULT_USAGE_SETTINGS, currency, currencySymbol: symbol };
      assert.equal(resolveCurrencySymbol(settings), expected);
    });
  }
});
