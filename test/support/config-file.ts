// Loading a clauster.yml written into each test's own temp dir (HOME is <temp>/home), for the
// config tests of one section: `load` gives the loaded config, `refusal` the ConfigError text.
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type LoadedConfig, loadConfig } from '../../src/config/load.js';
import { ConfigError } from '../../src/config/problems.js';
import { createNodeDeps } from '../../src/system/node.js';
import type { Deps } from '../../src/system/ports.js';
import { type TempDir, useTempDir } from './temp.js';

export interface ConfigFileLoader {
  /** The test's temp dir (the config's cwd). */
  root: TempDir;
  /** Node deps with HOME at `<root>/home`, and `overrides` on top. */
  deps(): Deps;
  load(text: string): Promise<LoadedConfig>;
  /** Loads `text`, expects a ConfigError and returns its message. */
  refusal(text: string): Promise<string>;
}

/** Call at the top level of a test file (it registers the temp dir's hooks). */
export function useConfigFile(overrides: Partial<Deps> = {}): ConfigFileLoader {
  const root = useTempDir();
  const deps = (): Deps => ({
    ...createNodeDeps({ HOME: join(root.path, 'home') }),
    ...overrides,
  });
  async function load(text: string): Promise<LoadedConfig> {
    const path = join(root.path, 'clauster.yml');
    await mkdir(root.path, { recursive: true });
    await writeFile(path, text);
    return loadConfig({ cwd: root.path, configPath: path }, deps());
  }
  async function refusal(text: string): Promise<string> {
    const error = await load(text).then(
      () => assert.fail('expected a refusal'),
      (caught: unknown) => caught,
    );
    assert.ok(error instanceof ConfigError, String(error));
    return error.message;
  }
  return { root, deps, load, refusal };
}
