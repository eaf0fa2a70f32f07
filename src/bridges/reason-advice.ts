/**
 * What an operator can do about a bridge that ended or never got ready, in one sentence. The
 * reason quotes the CLI (exit-reason.ts), whose messages speak to someone at a terminal
 * ("use `/login`"); clauster runs claude as a service, so the fix is often on the server, as
 * the user the dashboard runs as. Pure. Matches the CLI's own wording (claude-cli.md §3) and
 * returns null for anything else, so an unknown failure never gets a made-up cause.
 */

interface AdviceRule {
  match: RegExp;
  advice: string;
}

const AS_SERVICE_USER = 'as the user clauster runs as, with the same HOME';

const RULES: readonly AdviceRule[] = [
  {
    match: /requires a full-scope login token/,
    advice: `A long-lived token (CLAUDE_CODE_OAUTH_TOKEN, \`claude setup-token\`) cannot run Remote Control: remove it from claude.env and the service environment, then run \`claude auth login\` on this server ${AS_SERVICE_USER}.`,
  },
  {
    match: /must be logged in to use Remote Control|Unable to determine your organization/,
    advice: `claude on this server has no claude.ai login: run \`claude auth login\` ${AS_SERVICE_USER}, then start the bridge again.`,
  },
  {
    match: /disabled by your organization's policy/,
    advice:
      'A managed setting (disableRemoteControl) turns Remote Control off on this machine; only whoever manages that setting can allow it.',
  },
  {
    match: /not yet enabled for your account|environments are not available for your account/,
    advice:
      'Remote Control is not available to this claude.ai account yet; nothing on this server can change that.',
  },
  {
    match: /too old for Remote Control/,
    advice:
      'Update the claude CLI on this server (`claude update`, or point claude.binary at a newer one), then start the bridge again.',
  },
  {
    match:
      /feature-flag service was unreachable|\b(?:ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT)\b/,
    advice:
      "This server could not reach Anthropic's API: check its DNS, outbound HTTPS and any proxy variables in claude.env, then start the bridge again.",
  },
  {
    match: /base URL uses HTTP/,
    advice:
      'claude.env points claude at a plain http:// base URL; Remote Control needs https (or localhost).',
  },
  {
    match: /Workspace not trusted/,
    advice: `claude does not trust this folder for the user it ran as: trust the project again in clauster, and check that clauster and claude share the same HOME (~/.claude.json).`,
  },
  {
    match: /Worktree mode requires a git repository/,
    advice:
      'Start it with spawn mode same-dir or session, or make the folder a git repository first.',
  },
];

/** One sentence on what to do about `reason`, or null when it names no cause we know. */
export function adviceFor(reason: string | null): string | null {
  if (reason === null) return null;
  for (const rule of RULES) if (rule.match.test(reason)) return rule.advice;
  return null;
}
