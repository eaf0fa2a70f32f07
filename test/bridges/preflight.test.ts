// runPreflight() and a bridge started outside clauster: real /proc liveness (this test process
// is the "outside" bridge, DEAD_PID is no process), pointers in a temp HOME or CLAUDE_CONFIG_DIR.
import assert from 'node:assert/strict';
import * as fsp from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runPreflight } from '../../src/bridges/preflight.js';
import { nodeProcesses } from '../../src/system/node.js';
import type { Logger } from '../../src/system/ports.js';
import { DEAD_PID, readOwnProcStart, writeBridgePointer } from '../support/bridge-pointer.js';
import { FAKE_CLAUDE_PATH, prepareClaudeHome } from '../support/fake-claude.js';
import { TEST_LAUNCH_DEFAULTS } from '../support/launch-defaults.js';
import { useTempDir } from '../support/temp.js';

interface World {
  home: string;
  app: string;
  configDir: string;
  projectsRoot: string;
  procStart: string;
}

interface Case {
  name: string;
  /** Writes the pointer(s); returns extra env for the bridge (e.g. CLAUDE_CONFIG_DIR). */
  arrange(w: World): Promise<Record<string, string> | undefined>;
  ownPids?: (w: World) => number[];
  /** Expected refusal code, or null for a start that may go ahead. */
  code: string | null;
  detail?: RegExp[];
  warning?: RegExp;
}

const STOP_HINT = /stop that `claude remote-control` \(pid \d+\) first, or let it be/;

const CASES: Case[] = [
  {
    name: 'refuses a live pointer writer outside clauster, naming its pid and the fix',
    arrange: async (w) => {
      await writeBridgePointer(w.home, w.app, { pid: process.pid, procStart: w.procStart });
      return undefined;
    },
    code: 'bridged-elsewhere',
    detail: [new RegExp(`\\(pid ${process.pid}\\)`), STOP_HINT, /^project app: (?!.*ps -o)/],
  },
  {
    name: 'refuses a live pid-only pointer and says how to check the pid',
    arrange: async (w) => {
      await writeBridgePointer(w.home, w.app, { pid: process.pid });
      return undefined;
    },
    code: 'bridged-elsewhere',
    detail: [STOP_HINT, new RegExp(`ps -o pid,lstart,args -p ${process.pid}`)],
  },
  {
    name: 'allows a pointer whose pid is dead (claude resumes or replaces it)',
    arrange: async (w) => {
      await writeBridgePointer(w.home, w.app, { pid: DEAD_PID, procStart: '1' });
      return undefined;
    },
    code: null,
  },
  {
    name: 'allows a pointer whose live pid was recycled (other start ticks)',
    arrange: async (w) => {
      const other = String(Number(w.procStart) + 1);
      await writeBridgePointer(w.home, w.app, { pid: process.pid, procStart: other });
      return undefined;
    },
    code: null,
  },
  {
    name: 'leaves the pointer of its own bridge to the already-running check',
    arrange: async (w) => {
      await writeBridgePointer(w.home, w.app, { pid: process.pid, procStart: w.procStart });
      return undefined;
    },
    ownPids: () => [process.pid],
    code: null,
  },
  {
    name: 'allows an unparseable pointer with a warning',
    arrange: async (w) => {
      await writeBridgePointer(w.home, w.app, '{"pid": ');
      return undefined;
    },
    code: null,
    warning: /bridge-pointer\.json: not valid JSON; ignored/,
  },
  {
    name: 'allows an unreadable pointer with a warning',
    arrange: async (w) => {
      const path = await writeBridgePointer(w.home, w.app, '{}');
      await fsp.rm(path);
      await fsp.mkdir(path);
      return undefined;
    },
    code: null,
    warning: /bridge-pointer\.json: EISDIR; ignored/,
  },
  {
    name: 'reads the pointer under CLAUDE_CONFIG_DIR when the bridge env sets it',
    arrange: async (w) => {
      await writeBridgePointer(w.home, w.app, { pid: process.pid }, w.configDir);
      return { CLAUDE_CONFIG_DIR: w.configDir };
    },
    code: 'bridged-elsewhere',
  },
  {
    name: 'ignores ~/.claude when CLAUDE_CONFIG_DIR points elsewhere',
    arrange: async (w) => {
      await writeBridgePointer(w.home, w.app, { pid: process.pid });
      return { CLAUDE_CONFIG_DIR: w.configDir };
    },
    code: null,
  },
  {
    name: 'finds a pointer keyed by the configured (symlinked) projects_root path',
    arrange: async (w) => {
      await writeBridgePointer(w.home, join(w.projectsRoot, 'app'), { pid: process.pid });
      return undefined;
    },
    code: 'bridged-elsewhere',
  },
];

describe('runPreflight()', () => {
  const temp = useTempDir('clauster-preflight-');

  async function makeWorld(): Promise<World> {
    const root = await fsp.realpath(temp.path);
    const home = join(root, 'home');
    const configDir = join(root, 'claude-config');
    const app = join(root, 'real-projects', 'app');
    await fsp.mkdir(app, { recursive: true });
    // projects_root is a symlink: the resolved and the configured path differ.
    const projectsRoot = join(root, 'projects');
    await fsp.symlink(join(root, 'real-projects'), projectsRoot);
    for (const dir of [undefined, configDir]) {
      await prepareClaudeHome(home, { trusted: [app], ...(dir ? { configDir: dir } : {}) });
    }
    return { home, app, configDir, projectsRoot, procStart: await readOwnProcStart() };
  }

  for (const c of CASES) {
    it(`runPreflight() ${c.name}`, async () => {
      const w = await makeWorld();
      const extraEnv = (await c.arrange(w)) ?? {};
      const warned: string[] = [];
      const logger: Logger = {
        debug() {},
        info() {},
        warn: (message) => warned.push(message),
        error() {},
      };
      const result = await runPreflight(
        'app',
        {},
        {
          binary: FAKE_CLAUDE_PATH,
          env: {},
          defaults: TEST_LAUNCH_DEFAULTS,
          discovery: { projectsRoot: w.projectsRoot },
          bypassAllowed: false,
          ownBridgePids: new Set(c.ownPids?.(w) ?? []),
        },
        {
          fs: fsp,
          env: { HOME: w.home, PATH: process.env.PATH ?? '/usr/bin:/bin', ...extraEnv },
          home: w.home,
          processes: nodeProcesses,
          logger,
        },
      );
      if (c.code === null) {
        assert.ok(result.ok, result.ok ? '' : `${result.code}: ${result.detail}`);
        assert.equal(result.value.project.path, w.app);
        if (c.warning) {
          assert.equal(warned.length, 1);
          assert.match(warned[0] ?? '', c.warning);
        } else {
          assert.deepEqual(warned, []);
        }
        return;
      }
      assert.equal(result.ok, false);
      if (result.ok) return;
      assert.equal(result.code, c.code, result.detail);
      for (const pattern of c.detail ?? []) assert.match(result.detail, pattern);
    });
  }
});
