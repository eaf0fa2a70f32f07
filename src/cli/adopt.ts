/**
 * `clauster adopt <project>`: ask the running dashboard to take over the `claude
 * remote-control` that was started outside clauster for <project> (in a terminal, by another
 * tool or by the Python Clauster), without restarting it.
 */
import { redactText } from '../security/redact.js';
import { readRefCommand } from './bridge-arg.js';
import {
  callDashboard,
  DASHBOARD_OPTIONS,
  dashboardOptionsHelp,
  reportApiError,
  resolveDashboardTarget,
  runAgainstDashboard,
} from './dashboard-client.js';
import type { CliIo } from './io.js';
import type { LaunchedBridge } from './launch-outcome.js';

const USAGE = `Usage: clauster adopt <project> [options]

Take over the \`claude remote-control\` started outside clauster for <project> as a managed
bridge, through the running dashboard, without restarting it. The dashboard checks again that
the project is trusted, the process wrote the project's bridge pointer, runs a standalone
bridge command line in the project's directory, and that its options are allowed by the
project's config. clauster can
then stop it; its earlier output was not captured.

Options:
${dashboardOptionsHelp(20)}
  --json              Print {bridge}
  -h, --help
`;

/** Adopts a bridge; exit 0 adopted, 1 refused or failed, 2 usage. */
export async function runAdopt(argv: string[], io: CliIo): Promise<number> {
  const spec = DASHBOARD_OPTIONS;
  const read = readRefCommand(argv, { command: 'adopt', spec, usage: USAGE, kind: 'project' }, io);
  if (typeof read === 'number') return read;
  const { parsed, out, ref: project } = read;
  const target = await resolveDashboardTarget('adopt', parsed.values, io);
  if (typeof target === 'number') return target;
  return runAgainstDashboard(
    out,
    async () => {
      const path = `/api/projects/${encodeURIComponent(project)}/adopt`;
      const answer = await callDashboard(target, { method: 'POST', path }, io);
      if (answer.status !== 201) return reportApiError(out, answer, io);
      const bridge = answer.body.bridge as LaunchedBridge & { pid: number | null };
      if (out.json) io.stdout(`${JSON.stringify({ bridge }, null, 2)}\n`);
      else {
        const url = bridge.url === null ? '(no connect URL known)' : bridge.url;
        io.stdout(
          `${redactText(bridge.project)}: adopted pid ${bridge.pid} as ${bridge.id} (${bridge.status}) ${url}\n`,
        );
      }
      return 0;
    },
    io,
  );
}
