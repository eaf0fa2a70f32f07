/** GET /api/doctor: the doctor's rows for the running server (no port row: we hold the port). */
import { Hono } from 'hono';
import { readRedactorStatus } from '../../system/native-redactor.js';
import type { AppContext } from '../context.js';

/** Routes of the doctor resource. */
export function doctorRoutes(ctx: AppContext): Hono {
  const routes = new Hono();
  routes.get('/api/doctor', async (c) => {
    // The doctor's checks are loaded on first use, not at start-up.
    const { defaultSystemdDirs, runDoctorChecks } = await import('../../doctor/checks.js');
    const { toDoctorJson } = await import('../../doctor/report.js');
    const input = { config: ctx.config, source: null, problems: [], fromServer: true };
    const host = {
      nodeVersion: process.version,
      systemdDirs: ctx.doctorSystemdDirs ?? defaultSystemdDirs(ctx.deps.home),
      probePort: null,
      redactor: readRedactorStatus(),
    };
    const report = await runDoctorChecks(input, { host }, ctx.deps);
    return c.json(toDoctorJson(report));
  });
  return routes;
}
