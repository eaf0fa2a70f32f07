/** Login cost: argon2id verify time at the production parameters (a cost model, documented). */
import { ARGON2_PARAMS, createPasswordService } from '../src/auth/password.js';
import { median, percentile, QUICK, report, round } from './support.js';

const service = createPasswordService({ maxConcurrent: 1 });
const hash = await service.hash('correct horse battery staple, but longer');
const runs = QUICK ? 5 : 20;
const times: number[] = [];
// CPU time of the whole process (argon2 runs on the libuv pool): on a shared machine wall time
// also counts waiting for a core, CPU time does not.
const cpuTimes: number[] = [];
for (let i = 0; i <= runs; i += 1) {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const outcome = await service.verify(
    i % 2 === 0 ? 'wrong guess' : 'correct horse battery staple, but longer',
    hash,
  );
  const elapsed = performance.now() - started;
  const used = process.cpuUsage(cpu);
  if (outcome === 'too-long') throw new Error('unexpected too-long');
  if (i > 0) times.push(elapsed);
  if (i > 0) cpuTimes.push((used.user + used.system) / 1000);
}
const med = median(times);
report({
  subject: 'login-cost',
  measure: `argon2id verify at m=${ARGON2_PARAMS.memoryCost} KiB, t=${ARGON2_PARAMS.timeCost}, p=${ARGON2_PARAMS.parallelism} (median, p95)`,
  figure: `${round(med, 0)} ms (p95 ${round(percentile(times, 95), 0)} ms)`,
  target: '100–1000 ms per verify',
  pass: med >= 100 && med <= 1000,
  data: {
    runs,
    median_ms: round(med),
    p95_ms: round(percentile(times, 95)),
    cpu_median_ms: round(median(cpuTimes)),
  },
});
