/**
 * `clauster api-token issue|list|revoke`: manage the bearer tokens in state_dir/tokens.json.
 * The token is printed exactly once, at issue time; list never shows a token or its hash.
 */
import { issueToken, listTokens, revokeToken } from '../auth/api-tokens.js';
import { TokenStoreError } from '../auth/token-store.js';
import { redactText } from '../security/redact.js';
import { prepareStateDir } from '../state/state-dir.js';
import { CONFIG_JSON_OPTIONS, parseCommandArgs } from './args.js';
import { loadCliConfig } from './command-config.js';
import { reportFailure, reportUsageError } from './failure-output.js';
import type { CliIo } from './io.js';

const USAGE = `Usage: clauster api-token <command> [options]

Commands:
  issue <label> [--metrics]   Create a token and print it once (store it now)
  list [--json]               Show id, label, scopes, created and last-used times
  revoke <label|id>           Delete a token; it stops working on the next request

Options:
  -c, --config PATH   Config file (else $CLAUSTER_CONFIG, ./clauster.yml, $CLAUSTER_HOME/clauster.yml)
  --metrics           (issue) A token that may only read /metrics
  --json              Machine-readable output; a failure prints {"error":{"code","message"}}
  -h, --help

Exit status: 0 ok; 1 the operation failed (unknown token, label in use, state_dir
unusable, tokens.json unreadable or malformed); 2 usage error, invalid label or config error.
`;

const SPEC = { metrics: { type: 'boolean' }, ...CONFIG_JSON_OPTIONS } as const;

// state_dir from the config, created 0700 if missing; or the exit code after saying why not.
async function resolveStateDir(
  options: { configPath: string | undefined; json: boolean },
  io: CliIo,
): Promise<string | number> {
  const config = await loadCliConfig('api-token', options.configPath, io, { json: options.json });
  if (typeof config === 'number') return config;
  try {
    await prepareStateDir(config.state_dir, io.deps);
    return config.state_dir;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    const message = `state_dir: cannot create or secure ${config.state_dir} (${code}); fix its owner and permissions or set state_dir`;
    return reportFailure(
      { command: 'api-token', json: options.json },
      { code: 'state-dir-unusable', message, exitCode: 1 },
      io,
    );
  }
}

// The refusal of `issue` with its fix (the core's detail names the field and the rule). A
// label may be pasted by mistake from a token: shown redacted.
function describeIssueFailure(issued: { code: string; detail: string }, label: string): string {
  const detail = redactText(issued.detail);
  if (issued.code === 'duplicate-label') return `${detail}; choose another label`;
  return `${detail}, got ${JSON.stringify(redactText(label))}`;
}

/** Dispatches issue/list/revoke; exit 0 ok, 1 operation failed, 2 usage or config error. */
export async function runApiToken(argv: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs(argv, { spec: SPEC, usage: USAGE, maxPositionals: 2 }, io);
  if (typeof parsed === 'number') return parsed;
  const [command, target] = parsed.positionals;
  const { values } = parsed;
  const needsTarget = command === 'issue' || command === 'revoke';
  const known = command === 'issue' || command === 'list' || command === 'revoke';
  const json = values.json === true;
  if (!known || needsTarget !== (target !== undefined) || (values.metrics && command !== 'issue')) {
    const message = 'expected issue <label>, list or revoke <label|id>';
    return reportUsageError({ command: 'api-token', json }, { message, usage: USAGE }, io);
  }
  const stateDir = await resolveStateDir({ configPath: values.config, json }, io);
  if (typeof stateDir === 'number') return stateDir;
  try {
    return await runTokenCommand({ command, target: target as string, stateDir }, values, io);
  } catch (error) {
    if (!(error instanceof TokenStoreError)) throw error;
    // tokens.json unreadable, malformed or locked: the file names itself; never "no tokens".
    const message = `${error.message}; fix or remove that file (removing it revokes every token)`;
    const failure = { code: error.code, message, exitCode: 1 };
    return reportFailure({ command: 'api-token', json }, failure, io);
  }
}

// Runs one of issue/list/revoke against state_dir's tokens.json; a TokenStoreError is thrown.
async function runTokenCommand(
  request: { command: 'issue' | 'list' | 'revoke'; target: string; stateDir: string },
  values: { metrics?: boolean | undefined; json?: boolean | undefined },
  io: CliIo,
): Promise<number> {
  const { command, target, stateDir } = request;
  const json = values.json === true;
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
    const revoked = await revokeToken(stateDir, target, io.deps);
    if (!revoked.ok) {
      const failure = {
        code: revoked.code,
        message: `${revoked.detail}; see \`clauster api-token list\``,
      };
      return reportFailure({ command: 'api-token', json }, { ...failure, exitCode: 1 }, io);
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
    { label: target, scopes: values.metrics ? ['metrics'] : ['api'] },
    io.deps,
  );
  if (!issued.ok) {
    const exitCode = issued.code === 'invalid-label' ? 2 : 1;
    const failure = { code: issued.code, message: describeIssueFailure(issued, target) };
    return reportFailure({ command: 'api-token', json }, { ...failure, exitCode }, io);
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
