/**
 * `clauster init`: write a short starter config (the terminal counterpart of the Python
 * setup wizard; nothing on the network can configure clauster). Asks on a terminal, uses
 * flags and defaults otherwise. Exit 0 written, 1 refused (file exists, an invalid answer,
 * input ended), 2 usage or config error (the config check failed; a network host without a
 * password, as a flag or at the prompt).
 */
import { join, resolve } from 'node:path';
import { createPasswordService } from '../auth/password.js';
import {
  type AnswerContext,
  checkHostAnswer,
  checkInstanceNameAnswer,
  checkPortAnswer,
  checkProjectsRootAnswer,
  DEFAULT_INIT_HOST,
  DEFAULT_INIT_PORT,
  defaultProjectsRoot,
} from '../config/init-answers.js';
import { expandHome } from '../config/load.js';
import {
  checkStarterTarget,
  renderStarterConfig,
  writeStarterConfig,
} from '../config/starter-file.js';
import { JSON_OPTIONS, parseCommandArgs } from './args.js';
import { reportFailure, reportUsageError } from './failure-output.js';
import { readNewPassword } from './hash-password.js';
import { printInitRefused, printInitWritten } from './init-output.js';
import {
  askAnswers,
  type GatheredAnswers,
  InitAbortedError,
  type KnownAnswers,
} from './init-prompts.js';
import type { CliIo } from './io.js';
import { createLineReader, type LineReader, PromptAbortedError } from './prompt.js';

const USAGE = `Usage: clauster init [--config PATH] [--projects-root DIR] [--host HOST] [--port N]
                     [--password | --no-password] [--instance-name NAME] [--yes] [--json]

Write a short starter config with only the keys chosen here (mode 0600; the parent directory
is created 0700). On a terminal, asks for what the flags did not give, defaults in brackets;
with --yes or without a terminal, uses the flags and defaults (projects_root ~/projects when
it exists, host ${DEFAULT_INIT_HOST}, port ${DEFAULT_INIT_PORT}, no password). An existing file is never overwritten.
A host that is not loopback needs a password: asked twice on a terminal; without one, pass
--password and give it as one line on stdin, e.g.
  printf '%s\\n' "$PASSWORD" | clauster init --yes --host 0.0.0.0 --password
The password is stored as an argon2id hash, as \`clauster hash-password\` makes it, and the
file must pass \`clauster check-config\` before it is written.

Options:
  -c, --config PATH       File to write (else $CLAUSTER_CONFIG when set, else
                          $CLAUSTER_HOME/clauster.yml when CLAUSTER_HOME is set, else
                          ./clauster.yml)
  --projects-root DIR     Existing directory whose children become projects
  --host HOST             Bind address (network addresses need --password)
  --port N                TCP port, 1-65535
  --password              Set a dashboard password (auth enabled)
  --no-password           Set none (loopback hosts only)
  --instance-name NAME    Label in the page header (up to 32 of A-Z a-z 0-9 _ . -)
  -y, --yes               Ask nothing: flags and defaults only
  --json                  Print {path, written, keys} (never the hash)
  -h, --help

Exit status: 0 written; 1 refused (file exists, invalid answer, input ended); 2 usage or
config error (config check failed; a network host without a password, flag or prompt).
`;

const SPEC = {
  config: { type: 'string', short: 'c' },
  'projects-root': { type: 'string' },
  host: { type: 'string' },
  port: { type: 'string' },
  password: { type: 'boolean' },
  'no-password': { type: 'boolean' },
  'instance-name': { type: 'string' },
  yes: { type: 'boolean', short: 'y' },
  ...JSON_OPTIONS,
} as const;

type Values = {
  [K in keyof typeof SPEC]?: (typeof SPEC)[K]['type'] extends 'string' ? string : boolean;
};

class Refusal {
  constructor(
    readonly detail: string,
    readonly exitCode: 1 | 2,
  ) {}
}

/**
 * --config, else $CLAUSTER_CONFIG (where every later command will look first), else
 * $CLAUSTER_HOME/clauster.yml, else ./clauster.yml (absolute).
 */
function initTarget(configPath: string | undefined, io: CliIo): string {
  const home = io.deps.home;
  if (configPath !== undefined) return resolve(io.cwd, expandHome(configPath, home));
  const fromEnv = io.env.CLAUSTER_CONFIG;
  if (fromEnv) return resolve(io.cwd, expandHome(fromEnv, home));
  const clausterHome = io.env.CLAUSTER_HOME;
  if (clausterHome) return join(resolve(io.cwd, expandHome(clausterHome, home)), 'clauster.yml');
  return join(io.cwd, 'clauster.yml');
}

/** Checks the answers given as flags; the first refused one stops the command. */
async function checkFlags(
  values: Values,
  context: AnswerContext,
  io: CliIo,
): Promise<KnownAnswers | Refusal> {
  const password = values.password ? true : values['no-password'] ? false : undefined;
  const known: KnownAnswers = password === undefined ? {} : { password };
  if (values['projects-root'] !== undefined) {
    const root = await checkProjectsRootAnswer(values['projects-root'], context, io.deps);
    if (!root.ok) return new Refusal(root.detail, 1);
    known.projectsRoot = root.value;
  }
  if (values.host !== undefined) {
    const host = await checkHostAnswer(values.host, { password }, io.deps);
    if (!host.ok) return new Refusal(host.detail, host.code === 'host' ? 1 : 2);
    known.host = host.value.host;
    known.loopback = host.value.loopback;
  }
  if (values.port !== undefined) {
    const port = checkPortAnswer(values.port);
    if (!port.ok) return new Refusal(port.detail, 1);
    known.port = port.value;
  }
  if (values['instance-name'] !== undefined) {
    const name = checkInstanceNameAnswer(values['instance-name']);
    if (!name.ok) return new Refusal(name.detail, 1);
    known.instanceName = name.value;
  }
  return known;
}

/** Flags and defaults only; a network host needs --password (read from stdin). */
async function useDefaults(
  known: KnownAnswers,
  context: AnswerContext,
  reader: LineReader | null,
  io: CliIo,
): Promise<GatheredAnswers | Refusal> {
  const host = known.host ?? DEFAULT_INIT_HOST;
  if (known.loopback === false && known.password !== true) {
    const fix = `add --password and give it on stdin (printf '%s\\n' "$PASSWORD" | clauster init --yes --host ${host} --password), or use 127.0.0.1`;
    return new Refusal(
      `host: ${host} is a network address and needs a dashboard password; ${fix}`,
      2,
    );
  }
  let password: string | null = null;
  if (known.password === true && reader !== null) {
    reader.setHidden(io.isTTY);
    const answer = await readNewPassword(reader, io);
    if (typeof answer !== 'string') return new Refusal(`password: ${answer.error}`, 1);
    password = answer;
  }
  const projectsRoot =
    known.projectsRoot !== undefined
      ? known.projectsRoot
      : await defaultProjectsRoot(context, io.deps);
  const port = known.port ?? DEFAULT_INIT_PORT;
  // No --host: the default host, which is loopback.
  const loopback = known.loopback ?? true;
  return { projectsRoot, host, loopback, port, instanceName: known.instanceName ?? null, password };
}

async function gather(
  values: Values,
  target: string,
  io: CliIo,
): Promise<GatheredAnswers | Refusal> {
  const context = { cwd: io.cwd, home: io.deps.home };
  const known = await checkFlags(values, context, io);
  if (known instanceof Refusal) return known;
  const interactive = io.isTTY && values.yes !== true;
  if (interactive)
    io.stderr(`Setting up ${target} (Ctrl-C to stop; nothing is written until the end)\n`);
  const reader =
    interactive || known.password === true ? createLineReader(io.stdin, { hidden: false }) : null;
  try {
    if (interactive && reader !== null) return await askAnswers(known, context, { reader, io });
    return await useDefaults(known, context, reader, io);
  } catch (error) {
    if (error instanceof InitAbortedError)
      return new Refusal(`${error.message}; nothing written`, error.exitCode);
    if (error instanceof PromptAbortedError) return new Refusal('stopped; nothing written', 1);
    throw error;
  } finally {
    reader?.close();
  }
}

/** Writes the starter config; exit 0 written, 1 refused, 2 usage or config error. */
export async function runInit(argv: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs(argv, { spec: SPEC, usage: USAGE }, io);
  if (typeof parsed === 'number') return parsed;
  const values: Values = parsed.values;
  const json = values.json === true;
  const out = { command: 'init', json };
  if (values.password && values['no-password']) {
    const message = '--password and --no-password exclude each other; drop one';
    return reportUsageError(out, { message, code: 'invalid-option', usage: USAGE }, io);
  }
  if (values.config === '') {
    const message = '--config: expected a file path, got an empty string';
    return reportUsageError(out, { message, code: 'invalid-option', usage: USAGE }, io);
  }
  const target = initTarget(values.config, io);
  const early = await checkStarterTarget(target, io.deps);
  if (early !== null) {
    printInitRefused(target, early, json, io);
    return 1;
  }
  const answers = await gather(values, target, io);
  if (answers instanceof Refusal) {
    // 2: a setting the config check would refuse; 1: an answer refused, or input ended.
    const code = answers.exitCode === 2 ? 'config-invalid' : 'init-refused';
    return reportFailure(out, { code, message: answers.detail, exitCode: answers.exitCode }, io);
  }
  const passwordHash =
    answers.password === null ? null : await createPasswordService().hash(answers.password);
  const { text, keys } = renderStarterConfig({ ...answers, passwordHash });
  const outcome = await writeStarterConfig(target, text, { cwd: io.cwd }, io.deps);
  if (!outcome.written) {
    printInitRefused(target, outcome, json, io);
    // A config the check refuses is a config error (2, as check-config); an existing file 1.
    return outcome.reason === 'check' ? 2 : 1;
  }
  const { host, loopback, port } = answers;
  await printInitWritten({ path: target, keys, host, loopback, port }, json, io);
  return 0;
}
