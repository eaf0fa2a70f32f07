// A reaper world (reaper-fixture.ts) joined to a fake environments API that lists the given
// environments, with a running bridge recorded for each `live` project: the setup shared by
// the reaper core, route and CLI tests.
import { join } from 'node:path';
import { readAuditEntries } from './audit-log.js';
import {
  type FakeEnvironment,
  type FakeEnvironmentsApi,
  type RecordedRequest,
  startFakeEnvironmentsApi,
} from './fake-environments-api.js';
import { makeReaperWorld, type ReaperWorld, writeBridges } from './reaper-fixture.js';

export interface ReaperScenario extends ReaperWorld {
  api: FakeEnvironmentsApi;
  /** projects_root/<name>. */
  dir(name: string): string;
  /** The requests that change something (every method but GET). */
  mutating(): RecordedRequest[];
  readAudit(): Promise<Array<Record<string, unknown>>>;
  /** Stops the API and removes the world. */
  close(): Promise<void>;
}

export interface ReaperScenarioOptions {
  projects: string[];
  /** What the API lists; `dir(name)` is projects_root/<name>. */
  environments(dir: (name: string) => string, world: ReaperWorld): FakeEnvironment[];
  /** Projects with a live bridge, and its pid. */
  live: Record<string, number>;
}

/** An environment the API lists as a remote-control bridge running in `directory`. */
export function bridgeEnvironment(
  id: string,
  name: string,
  directory: string,
  extra: Partial<FakeEnvironment> = {},
): FakeEnvironment {
  return { id, name, config: { type: 'bridge', directory }, ...extra };
}

/** Builds the world and starts the API; call `close()` in afterEach. */
export async function startReaperScenario(options: ReaperScenarioOptions): Promise<ReaperScenario> {
  const world = await makeReaperWorld(options.projects);
  const dir = (name: string) => join(world.projectsRoot, name);
  const api = await startFakeEnvironmentsApi(options.environments(dir, world));
  const live = Object.entries(options.live).map(([name, pid]) => ({
    cwd: dir(name),
    pid,
    alive: true,
  }));
  await writeBridges(world, live);
  return {
    ...world,
    api,
    dir,
    mutating: () => api.requests.filter((request) => request.method !== 'GET'),
    readAudit: () => readAuditEntries(world.stateDir),
    async close() {
      await api.close();
      await world.cleanup();
    },
  };
}
