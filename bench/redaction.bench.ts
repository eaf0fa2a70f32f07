/**
 * Redaction throughput vs strip-ansi alone, line by line over the same realistic ≥ 10 MB
 * bridge-log corpus (bench/log-corpus.ts), interleaved in one run so machine load hits both
 * sides alike; times are process CPU time. Target (issue 6): redactText() throughput ≥ 0.5 × strip-ansi.
 * A run that leaves any of the corpus's fake secrets unmasked is a miss whatever the speed.
 */
import stripAnsi from 'strip-ansi';
import { redactText } from '../src/security/redact.js';
import { buildBridgeLogCorpus } from './log-corpus.js';
import { median, QUICK, report, round } from './support.js';

const TARGET = 0.5;
const lines = buildBridgeLogCorpus(10 * 1024 * 1024);
const megabytes = lines.reduce((sum, line) => sum + Buffer.byteLength(line) + 1, 0) / 2 ** 20;

// CPU time of this process (user + system), not wall time: the bench machine is shared, and
// a loop that never waits costs exactly its CPU time; wall time only adds other tenants.
function timeOnce(transform: (line: string) => string): number {
  let sink = 0;
  const started = process.cpuUsage();
  for (const line of lines) sink += transform(line).length;
  const used = process.cpuUsage(started);
  if (sink < 0) throw new Error('unreachable');
  return (used.user + used.system) / 1000;
}

const rounds = QUICK ? 5 : 15;
// Warm-up: let both sides tier up (regex compilation, JIT) before measuring.
timeOnce(stripAnsi);
timeOnce(redactText);
const ratios: number[] = [];
const stripTimes: number[] = [];
const redactTimes: number[] = [];
for (let i = 0; i < rounds; i += 1) {
  const strip = timeOnce(stripAnsi);
  const redact = timeOnce(redactText);
  stripTimes.push(strip);
  redactTimes.push(redact);
  ratios.push(strip / redact);
}
const ratio = median(ratios);
// Sanity: the corpus's fake secrets all carry 'FAKE'; none may survive redaction.
const secretLines = lines.filter((line) => line.includes('FAKE')).length;
const leaked = lines.filter((line) => redactText(line).includes('FAKE')).length;
report({
  subject: 'redaction',
  measure: `redactText() vs strip-ansi throughput, ${round(megabytes, 1)} MB bridge-log corpus, per line`,
  figure: `${round(ratio, 2)}× (${round(megabytes / (median(redactTimes) / 1000), 0)} vs ${round(megabytes / (median(stripTimes) / 1000), 0)} MB/s)`,
  target: `≥ ${TARGET}×`,
  pass: ratio >= TARGET && leaked === 0,
  data: {
    lines: lines.length,
    megabytes: round(megabytes, 2),
    rounds,
    ratio_median: round(ratio, 3),
    ratio_min: round(Math.min(...ratios), 3),
    ratio_max: round(Math.max(...ratios), 3),
    secret_lines: secretLines,
    secret_lines_unmasked: leaked,
    strip_ansi_ms_median: round(median(stripTimes), 1),
    redact_ms_median: round(median(redactTimes), 1),
  },
});
