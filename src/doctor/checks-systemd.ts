/**
 * Doctor row for an installed systemd unit. Invariant: only `KillMode=process` keeps a
 * service restart from killing the bridges in the unit's cgroup; anything else is a WARN.
 */
import { join } from 'node:path';
import { readKillMode } from '../ops/service-unit.js';
import type { Fs } from '../system/ports.js';
import { type CheckContext, type CheckResult, okRow, warnRow } from './check.js';

const UNIT_RE = /^clauster[A-Za-z0-9@._-]*\.service$/;

async function listDir(dir: string, fs: Fs): Promise<string[]> {
  try {
    return (await fs.readdir(dir)).sort();
  } catch {
    return [];
  }
}

/** The unit text followed by its drop-ins (`<unit>.d/*.conf`, in order), so the last KillMode wins. */
async function readUnitWithDropIns(dir: string, name: string, fs: Fs): Promise<string> {
  const parts = [await fs.readFile(join(dir, name), 'utf8')];
  const dropInDir = join(dir, `${name}.d`);
  for (const entry of await listDir(dropInDir, fs)) {
    if (!entry.endsWith('.conf')) continue;
    parts.push(await fs.readFile(join(dropInDir, entry), 'utf8').catch(() => ''));
  }
  return parts.join('\n');
}

/** `systemd`: every installed clauster unit has KillMode=process. */
export async function checkSystemdRow(ctx: CheckContext): Promise<CheckResult> {
  const id = 'systemd';
  const found: { path: string; mode: string | null }[] = [];
  for (const dir of ctx.host.systemdDirs) {
    for (const name of await listDir(dir, ctx.deps.fs)) {
      if (!UNIT_RE.test(name)) continue;
      const text = await readUnitWithDropIns(dir, name, ctx.deps.fs).catch(() => null);
      if (text !== null) found.push({ path: join(dir, name), mode: readKillMode(text) });
    }
  }
  if (found.length === 0) return okRow(id, 'no unit installed');
  const bad = found.filter((unit) => unit.mode !== 'process');
  if (bad.length === 0)
    return okRow(id, `${found.map((u) => u.path).join(', ')}: KillMode=process`);
  const listed = bad.map(
    (unit) => `${unit.path} has KillMode=${unit.mode ?? 'control-group (default)'}`,
  );
  return warnRow(
    id,
    `${listed.join('; ')}: stopping or restarting the service kills every bridge`,
    'set KillMode=process under [Service] (or reinstall with `clauster install-service`), then `systemctl daemon-reload`',
  );
}
