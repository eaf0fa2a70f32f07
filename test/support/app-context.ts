import { mkdirSync } from 'node:fs';
import type { Config } from '../../src/config/schema.js';
import { configSchema } from '../../src/config/schema.js';
import { createEventBus } from '../../src/events/bus.js';
import type { AppContext } from '../../src/http/context.js';
import type { AuditEntry } from '../../src/state/audit.js';
import { createSilentLogger } from '../../src/system/logger.js';
import { createNodeDeps } from '../../src/system/node.js';
import type { BridgeHarness } from './bridge-harness.js';

/** A route-test context: defaults from the schema (patched by `raw`), silent logger, audit in memory. */
export function createTestContext(options: {
  home: string;
  raw?: Record<string, unknown>;
  overrides?: Partial<AppContext>;
}): AppContext & { auditEntries: AuditEntry[] } {
  const config: Config = configSchema.parse({
    state_dir: `${options.home}/.clauster`,
    ...options.raw,
  });
  const auditEntries: AuditEntry[] = [];
  // As `clauster run` leaves it (prepareStateDir) before any service writes there.
  mkdirSync(config.state_dir, { recursive: true, mode: 0o700 });
  return {
    config,
    deps: createNodeDeps({ HOME: options.home }),
    bus: createEventBus(),
    audit: {
      append: async (entry) => {
        auditEntries.push(entry);
      },
    },
    logger: createSilentLogger(),
    stateDir: config.state_dir,
    version: '0.0.0-test',
    auditEntries,
    ...options.overrides,
  };
}

/** A route-test context over a bridge harness: its paths, deps, supervisor and trust writer. */
export function createHarnessContext(
  h: BridgeHarness,
  raw: Record<string, unknown> = {},
): AppContext & { auditEntries: AuditEntry[] } {
  return createTestContext({
    home: h.home,
    raw: { projects_root: h.projectsRoot, state_dir: h.stateDir, ...raw },
    overrides: { deps: h.deps, supervisor: h.supervisor, trustWriter: h.trust },
  });
}
