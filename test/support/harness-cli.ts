// `clauster` commands run in-process (main(argv)) over a bridge harness: a clauster.yml in its
// root names its projects_root, its state_dir and the fake claude; HOME is its home, cwd its root.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createApp } from '../../src/http/app.js';
import type { Fetch } from '../../src/system/ports.js';
import { createHarnessContext } from './app-context.js';
import type { BridgeHarness } from './bridge-harness.js';
import { runMain } from './cli-run.js';
import { FAKE_CLAUDE_PATH } from './fake-claude.js';

export interface HarnessCliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface HarnessCli {
  /** Runs `main(argv)` with CLAUSTER_CONFIG set to the harness's config, and `env` on top. */
  run(argv: string[], env?: Record<string, string>): Promise<HarnessCliResult>;
}

/** Writes the harness's clauster.yml; `fetch`, when given, stands in for the dashboard. */
export async function createHarnessCli(h: BridgeHarness, fetch?: Fetch): Promise<HarnessCli> {
  const configPath = join(h.root, 'clauster.yml');
  await writeFile(
    configPath,
    `projects_root: ${h.projectsRoot}\nstate_dir: ${h.stateDir}\nclaude:\n  binary: ${FAKE_CLAUDE_PATH}\n`,
  );
  async function run(argv: string[], env: Record<string, string> = {}): Promise<HarnessCliResult> {
    const { code, out, err } = await runMain(argv, {
      home: h.home,
      cwd: h.root,
      env: { CLAUSTER_CONFIG: configPath, ...env },
      deps: fetch === undefined ? {} : { fetch },
    });
    return { code, stdout: out, stderr: err };
  }
  return { run };
}

/** A dashboard without a socket: createApp() over the harness answers each request, which
 * `onRequest` (when given) sees first as a clone. */
export function fetchToHarnessApp(h: BridgeHarness, onRequest?: (request: Request) => void): Fetch {
  const app = createApp(createHarnessContext(h));
  return async (input, init) => {
    const request = new Request(input, init);
    onRequest?.(request.clone());
    return app.request(request);
  };
}
