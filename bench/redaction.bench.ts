/**
 * Redaction throughput vs strip-ansi alone, line by line over the same realistic ≥ 10 MB
 * bridge-log corpus (bench/log-corpus.ts), interleaved in one run so machine load hits both
 * sides alike; times are process CPU time. Target (issue 6): redactText() throughput ≥ 0.5 × strip-ansi.
 * A run that leaves any of the corpus's fake secrets unmasked, or where the engine's output
 * differs from the JS engine's on any line, is a miss whatever the speed.
 * Two floors are timed in the same rounds, to show how much of the gap is the work itself:
 * `scan`, one look at every character for something to strip (a sticky class regex: the
 * least a redactor that must find C0/C1 controls and invisible characters can do), and
 * `strip-only`, that scan plus stripping the lines that need it, with no masking at all.
 * Both sides are also timed on the lines with and without escapes apart (`*_plain_lines`,
 * `*_escape_lines` in the data).
 * redactText() runs the native engine when it is built and passes its self-check, installed
 * by the same loader as the CLI (src/system/native-redactor.ts); the figure names the engine
 * (and why JS, when it is JS). The JS engine alone (redactTextJs()) is timed in the same
 * rounds too (`js_*` in the data), so both engines can be shown side by side.
 */
import stripAnsi from 'strip-ansi';
import {
  hasSuspiciousCharacters,
  SUSPICIOUS_CLASS,
  stripText,
} from '../src/security/control-strip.js';
import { redactText, redactTextJs } from '../src/security/redact.js';
import { installNativeRedactor } from '../src/system/native-redactor.js';
import { buildBridgeLogCorpus } from './log-corpus.js';
import { median, QUICK, report, round } from './support.js';

const TARGET = 0.5;
const engine = installNativeRedactor(process.env);
// In the data: the reason in full; in the figure: the cause in words ("js — not built").
const engineLabel = engine.engine === 'native' ? 'native' : `js — ${engine.reason}`;
const engineShort =
  engine.engine === 'native' ? 'native' : `js — ${engine.cause.replace('-', ' ')}`;
const lines = buildBridgeLogCorpus(10 * 1024 * 1024);
const megabytes = lines.reduce((sum, line) => sum + Buffer.byteLength(line) + 1, 0) / 2 ** 20;

// The lines with something to strip (escapes, controls, invisible characters) and the rest,
// timed apart too: where each side spends its time (docs/performance.md).
const escapeLines = lines.filter(hasSuspiciousCharacters);
const plainLines = lines.filter((line) => !hasSuspiciousCharacters(line));

// CPU time of this process (user + system), not wall time: the bench machine is shared, and
// a loop that never waits costs exactly its CPU time; wall time only adds other tenants.
function timeOnce(transform: (line: string) => string, set: readonly string[] = lines): number {
  let sink = 0;
  const started = process.cpuUsage();
  for (const line of set) sink += transform(line).length;
  const used = process.cpuUsage(started);
  if (sink < 0) throw new Error('unreachable');
  return (used.user + used.system) / 1000;
}

const CLEAN_RUN = new RegExp(`[^${SUSPICIOUS_CLASS.slice(1, -1)}]*`, 'y');
function scanFloor(line: string): string {
  CLEAN_RUN.lastIndex = 0;
  CLEAN_RUN.test(line);
  return line;
}
function stripOnlyFloor(line: string): string {
  CLEAN_RUN.lastIndex = 0;
  CLEAN_RUN.test(line);
  return CLEAN_RUN.lastIndex === line.length ? line : stripText(line);
}

const rounds = QUICK ? 5 : 15;
// Warm-up: let both sides tier up (regex compilation, JIT) before measuring.
timeOnce(stripAnsi);
timeOnce(redactText);
timeOnce(redactTextJs);
const ratios: number[] = [];
const jsRatios: number[] = [];
const jsTimes: number[] = [];
const stripTimes: number[] = [];
const redactTimes: number[] = [];
const scanRatios: number[] = [];
const stripOnlyRatios: number[] = [];
const byClass = { stripPlain: [] as number[], stripEscape: [] as number[] };
const redactByClass = { plain: [] as number[], escape: [] as number[] };
for (let i = 0; i < rounds; i += 1) {
  const strip = timeOnce(stripAnsi);
  const redact = timeOnce(redactText);
  stripTimes.push(strip);
  redactTimes.push(redact);
  ratios.push(strip / redact);
  const js = timeOnce(redactTextJs);
  jsTimes.push(js);
  jsRatios.push(strip / js);
  scanRatios.push(strip / timeOnce(scanFloor));
  stripOnlyRatios.push(strip / timeOnce(stripOnlyFloor));
  byClass.stripPlain.push(timeOnce(stripAnsi, plainLines));
  byClass.stripEscape.push(timeOnce(stripAnsi, escapeLines));
  redactByClass.plain.push(timeOnce(redactText, plainLines));
  redactByClass.escape.push(timeOnce(redactText, escapeLines));
}
const ratio = median(ratios);
const stripOnlyRatio = median(stripOnlyRatios);
// Sanity: the corpus's fake secrets all carry 'FAKE'; none may survive redaction.
const secretLines = lines.filter((line) => line.includes('FAKE')).length;
const leaked = lines.filter((line) => redactText(line).includes('FAKE')).length;
// A native engine must answer exactly as the JS one: any line that differs is a miss too.
const differing = lines.filter((line) => redactText(line) !== redactTextJs(line)).length;
report({
  subject: 'redaction',
  measure: `redactText() vs strip-ansi throughput, ${round(megabytes, 1)} MB bridge-log corpus, per line`,
  figure: `${round(ratio, 2)}× (${round(megabytes / (median(redactTimes) / 1000), 0)} vs ${round(megabytes / (median(stripTimes) / 1000), 0)} MB/s; strip-only floor ${round(stripOnlyRatio, 2)}×; JS engine ${round(median(jsRatios), 2)}×) (engine: ${engineShort})`,
  target: `≥ ${TARGET}×`,
  pass: ratio >= TARGET && leaked === 0 && differing === 0,
  data: {
    lines: lines.length,
    megabytes: round(megabytes, 2),
    rounds,
    engine: engineLabel,
    ratio_median: round(ratio, 3),
    ratio_min: round(Math.min(...ratios), 3),
    ratio_max: round(Math.max(...ratios), 3),
    floor_scan_ratio: round(median(scanRatios), 3),
    floor_strip_only_ratio: round(stripOnlyRatio, 3),
    secret_lines: secretLines,
    secret_lines_unmasked: leaked,
    engine_differing_lines: differing,
    strip_ansi_ms_median: round(median(stripTimes), 1),
    redact_ms_median: round(median(redactTimes), 1),
    js_ratio_median: round(median(jsRatios), 3),
    js_redact_ms_median: round(median(jsTimes), 1),
    lines_with_escapes: escapeLines.length,
    strip_ansi_ms_plain_lines: round(median(byClass.stripPlain), 1),
    strip_ansi_ms_escape_lines: round(median(byClass.stripEscape), 1),
    redact_ms_plain_lines: round(median(redactByClass.plain), 1),
    redact_ms_escape_lines: round(median(redactByClass.escape), 1),
  },
});
