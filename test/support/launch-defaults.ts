import type { LaunchDefaults } from '../../src/bridges/launch-options.js';

/** The launch defaults of a default config: what tests start bridges with unless told. */
export const TEST_LAUNCH_DEFAULTS: Readonly<LaunchDefaults> = Object.freeze({
  permissionMode: 'default',
  spawnMode: 'same-dir',
  capacity: 32,
  sessionNamePrefix: null,
  verbose: false,
});
