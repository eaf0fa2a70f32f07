/**
 * The meaning check of `clauster config reconcile`. Invariant: a rewrite is written only when
 * the old and the new text load to deep-equal Config objects through the loader's own steps
 * (strict YAML, legacy keys stripped and show_cost mapped, strict schema with defaults). Env
 * overrides and path resolution are left out: reconcile works on the file's own text.
 */
import { isDeepStrictEqual } from 'node:util';
import { stripLegacyKeys } from './legacy-keys.js';
import { ConfigError, type ConfigProblem } from './problems.js';
import { type Config, configSchema } from './schema.js';
import { describeIssue } from './schema-issues.js';
import { parseConfigYaml } from './yaml-file.js';

export type MeaningVerdict =
  | { ok: true }
  | { ok: false; which: 'original' | 'candidate'; problems: ConfigProblem[] };

type TextLoad = { ok: true; config: Config } | { ok: false; problems: ConfigProblem[] };

/** Loads config text like the loader does, without env overrides; problems as a value. */
function loadConfigText(text: string, fileName: string): TextLoad {
  let raw: Record<string, unknown>;
  try {
    raw = stripLegacyKeys(parseConfigYaml(text, fileName)).raw;
  } catch (error) {
    if (error instanceof ConfigError) return { ok: false, problems: [...error.problems] };
    throw error;
  }
  const parsed = configSchema.safeParse(raw);
  if (parsed.success) return { ok: true, config: parsed.data };
  return { ok: false, problems: parsed.error.issues.flatMap((i) => describeIssue(i, raw)) };
}

/** Checks that `after` means exactly what `before` means to clauster. */
export function checkSameMeaning(before: string, after: string, fileName: string): MeaningVerdict {
  const old = loadConfigText(before, fileName);
  if (!old.ok) return { ok: false, which: 'original', problems: old.problems };
  const next = loadConfigText(after, fileName);
  if (!next.ok) return { ok: false, which: 'candidate', problems: next.problems };
  if (isDeepStrictEqual(old.config, next.config)) return { ok: true };
  // Section names only: a value could be a secret.
  const sections = Object.keys({ ...old.config, ...next.config }).filter(
    (key) =>
      !isDeepStrictEqual(
        (old.config as Record<string, unknown>)[key],
        (next.config as Record<string, unknown>)[key],
      ),
  );
  const problem = {
    path: sections.join(', ') || '(file)',
    expected: 'a rewrite that loads to the same settings',
    found: 'different settings after the rewrite',
  };
  return { ok: false, which: 'candidate', problems: [problem] };
}
