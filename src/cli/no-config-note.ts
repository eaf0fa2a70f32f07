/**
 * What a CLI command adds when no config file was found and it runs on the defaults: the value
 * it used, where that came from, and how to name the file. Without it `cd ~; clauster stop x`
 * against a dashboard on another port reads as "not reachable", and `clauster status` as "no
 * bridges recorded", with nothing pointing at the config that was never read.
 */
import { expandHome } from '../config/load.js';
import { type Config, DEFAULT_PORT, DEFAULT_STATE_DIR } from '../config/schema.js';
import { escapeControls } from '../security/control-strip.js';

/** How to point a command at its config file (the search order itself never changes). */
export const NAME_CONFIG_FIX = 'pass -c PATH or set CLAUSTER_CONFIG';

// With no file, a value other than the default can only come from a CLAUSTER_* variable.
function describeSetting(key: string, value: string, isDefault: boolean): string {
  const shown = escapeControls(value);
  return isDefault ? `the default ${key} ${shown}` : `${key} ${shown} from the environment`;
}

/** `no config file found, so the default port 7621; pass -c PATH or set CLAUSTER_CONFIG`. */
export function describeDefaultPort(config: Config): string {
  const port = describeSetting('port', String(config.port), config.port === DEFAULT_PORT);
  return `no config file found, so ${port}; ${NAME_CONFIG_FIX}`;
}

/** `no config file found, so the default state_dir /home/me/.clauster; pass -c PATH …`. */
export function describeDefaultStateDir(stateDir: string, home: string): string {
  const dir = describeSetting(
    'state_dir',
    stateDir,
    stateDir === expandHome(DEFAULT_STATE_DIR, home),
  );
  return `no config file found, so ${dir}; ${NAME_CONFIG_FIX}`;
}

/** `no config file found, so no projects_root; pass -c PATH or set CLAUSTER_CONFIG`. */
export function describeDefaultProjectsRoot(config: Config): string {
  const root =
    config.projects_root === undefined
      ? 'no projects_root'
      : describeSetting('projects_root', config.projects_root, false);
  return `no config file found, so ${root}; ${NAME_CONFIG_FIX}`;
}
