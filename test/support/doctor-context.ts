/** Builds doctor CheckContexts over a temp HOME (never the real one) with real Node deps. */
import { type Config, configSchema } from '../../src/config/schema.js';
import type { CheckContext, DoctorHost, DoctorInput } from '../../src/doctor/check.js';
import { createNodeDeps } from '../../src/system/node.js';
import type { Deps } from '../../src/system/ports.js';

export interface DoctorContextOptions {
  home: string;
  /** Raw config keys (parsed by the real schema); null means "the config did not load". */
  raw?: Record<string, unknown> | null;
  env?: Record<string, string>;
  input?: Partial<DoctorInput>;
  host?: Partial<DoctorHost>;
  deps?: Partial<Deps>;
  timeoutMs?: number;
}

/** A parsed config with state_dir under `home` unless `raw` says otherwise. */
export function makeConfig(home: string, raw: Record<string, unknown> = {}): Config {
  return configSchema.parse({ state_dir: `${home}/.clauster`, ...raw });
}

/** The deps every doctor test uses: HOME=temp, PATH from this process (for node and git). */
export function makeDoctorDeps(home: string, env: Record<string, string> = {}): Deps {
  return createNodeDeps({ HOME: home, PATH: process.env.PATH ?? '', ...env });
}

/** A CheckContext with a never-aborted signal. */
export function makeCheckContext(options: DoctorContextOptions): CheckContext {
  const config = options.raw === null ? null : makeConfig(options.home, options.raw);
  return {
    input: { config, source: '/etc/clauster-test.yml', problems: [], ...options.input },
    host: {
      nodeVersion: 'v20.20.2',
      systemdDirs: [],
      probePort: null,
      redactor: { engine: 'js', cause: 'forced', reason: 'forced by CLAUSTER_REDACTOR=js' },
      ...options.host,
    },
    deps: { ...makeDoctorDeps(options.home, options.env), ...options.deps },
    signal: new AbortController().signal,
    timeoutMs: options.timeoutMs ?? 10_000,
  };
}
