/**
 * `clauster api-token issue|list|revoke`: manage the bearer tokens in state_dir/tokens.json.
 * The token is printed exactly once, at issue time; list never shows a token or its hash.
 */
import { issueToken, listTokens, revokeToken } from '../auth/api-tokens.js';
import { loadConfig } from '../config/load.js';
import { ConfigError, formatProblems } from '../config/problems.js';
import { prepareStateDir } from '../state/state-dir.js';
import { CONFIG_JSON_OPTIONS, parseCommandArgs } from './args.js';
import type { CliIo } from './io.js';

const USAGE = `Usage: clauster api-token <command> [options]

Commands:
  issue <label> [--metrics]   Create a token and print it once (store it now)
  list [--json]               Show id, label, scopes, created and last-used times
  revoke <label|id>           Delete a token; it stops working on the next request

Options:
  -c, --config PATH   Config file (else $CLAUSTER_CONFIG, ./clauster.yml, $CLAUSTER_HOME/clauster.yml)
  --metrics           (issue) A token that may only read /metrics
  --json              Machine-readable output
  -h, --help
`;

const SPEC = { metrics: { type: 'boolean' }, ...CONFIG_JSON_OPTIONS } as const;

async function resolveStateDir(
  configPath: string | undefined,
  io: CliIo,
): Promise<string | number> {
  try {
    const options = configPath === undefined ? { cwd: io.cwd } : { cwd: io.cwd, configPath };
    const { config } = await loadConfig(options, io.deps);
    await prepareStateDir(config.state_dir, io.deps);
    return config.state_dir;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.stderr(`${formatProblems(error.problems)}\n`);
    return 2;
  }
}

/** Dispatches issue/list/revoke; exit 0 ok, 1 operation failed, 2 usage or config error. */
export async function runApiToken(argv: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs(argv, { spec: SPEC, usage: USAGE, maxPositionals: 2 }, io);
  if (typeof parsed === 'number') return parsed;
  const [command, target] = parsed.positionals;
  const { values } = parsed;
  const needsTarget = command === 'issue' || command === 'revoke';
  const known = command === 'issue' || command === 'list' || command === 'revoke';
  if (!known || needsTarget !== (target !== undefined) || (values.metrics && command !== 'issue')) {
    io.stderr(`api-token: expected issue <label>, list or revoke <label|id>\n\n${USAGE}`);
    return 2;
  }
  const stateDir = await resolveStateDir(values.config, io);
  if (typeof stateDir === 'number') return stateDir;

  if (command === 'list') {
    const tokens = (await listTokens(stateDir, io.deps)).map(({ hash: _hash, ...rest }) => rest);
    if (values.json) {
      io.stdout(`${JSON.stringify({ tokens }, null, 2)}\n`);
    } else if (tokens.length === 0) {
      io.stdout('no API tokens\n');
    } else {
      for (const t of tokens) {
        const used = t.last_used_at ?? 'never used';
        io.stdout(
          `${t.id}  ${t.label}  [${t.scopes.join(',')}]  created ${t.created_at}  last used ${used}\n`,
        );
      }
    }
    return 0;
  }

  if (command === 'revoke') {
    const revoked = await revokeToken(stateDir, target as string, io.deps);
    if (!revoked.ok) {
      io.stderr(`api-token: ${revoked.detail}\n`);
      return 1;
    }
    const { hash: _hash, ...record } = revoked.value;
    io.stdout(
      values.json
        ? `${JSON.stringify({ revoked: record })}\n`
        : `revoked ${record.id} (${record.label})\n`,
    );
    return 0;
  }

  const issued = await issueToken(
    stateDir,
    { label: target as string, scopes: values.metrics ? ['metrics'] : ['api'] },
    io.deps,
  );
  if (!issued.ok) {
    io.stderr(`api-token: ${issued.detail}\n`);
    return issued.code === 'invalid-label' ? 2 : 1;
  }
  const { hash, ...record } = issued.value.record;
  // /metrics also requires the token's SHA-256 in the config (observability.metrics_token_hash).
  const metricsHash = values.metrics ? { metrics_token_hash: hash } : {};
  if (values.json) {
    io.stdout(`${JSON.stringify({ token: issued.value.token, ...record, ...metricsHash })}\n`);
  } else {
    io.stdout(`${issued.value.token}\n`);
    io.stderr(`Issued ${record.id} (${record.label}). This token is shown once: store it now.\n`);
    if (values.metrics) {
      io.stderr(
        `To enable /metrics with it, set in clauster.yml (then restart):\n  observability.prometheus_enabled: true\n  observability.metrics_token_hash: ${hash}\n`,
      );
    }
  }
  return 0;
}
