// The help panel's text, for an operator: what clauster does, what each status, trust state
// and action means, where things live and the CLI equivalents. Plain text checked against
// the code and docs/ (test/web/help-text.test.ts checks the statuses and commands named);
// backticks mark code (inline-code.ts). No links: the dashboard works offline.

/** A switch from GET /api/session `features`: the text about it shows only when it is on. */
export type HelpFeature = 'clone' | 'reaper';

export interface HelpItem {
  /** The word being explained (a status, a trust reason, a button, a command). */
  term: string;
  text: string;
  feature?: HelpFeature;
}

export interface HelpSection {
  heading: string;
  paragraphs: string[];
  items: HelpItem[];
  /** How terms are shown: a status badge (terms are status values), code, or bold words. */
  terms?: 'status' | 'code';
}

export const HELP_SECTIONS: readonly HelpSection[] = [
  {
    heading: 'What clauster does',
    paragraphs: [
      'clauster runs one `claude remote-control` bridge for each project you trust and watches over it. A running bridge makes its project reachable from claude.ai/code or the Claude app, on this device or any other.',
      'Projects are the folders directly under `projects_root` in `clauster.yml`.',
    ],
    items: [],
  },
  {
    heading: 'Bridge status',
    terms: 'status',
    paragraphs: [
      'Bridges keep running while clauster itself stops or restarts; its next start picks them up again (a reboot ends them).',
    ],
    items: [
      { term: 'starting', text: 'The bridge was spawned and has no connect link yet.' },
      { term: 'running', text: 'The connect link is known: open the project in Claude.' },
      {
        term: 'error',
        text: 'The process is alive but showed no connect link within `claude.startup_grace_seconds` (it may wait at a prompt), or it was still present after SIGKILL when stopped. The reason quotes its last output line (redacted) when it printed one. It still holds the project: stop it before starting again.',
      },
      {
        term: 'crashed',
        text: 'It exited by itself. The reason is the CLI’s own error line (redacted), else the exit code or signal.',
      },
      { term: 'stopped', text: 'It was stopped on request.' },
    ],
  },
  {
    heading: 'Trust',
    terms: 'code',
    paragraphs: [
      '`claude remote-control` refuses a folder that was never trusted, so a project must be trusted before it starts. Each card says Trusted or Not trusted, and its tooltip gives the reason:',
    ],
    items: [
      { term: 'granted', text: 'This folder was trusted (in `~/.claude.json`).' },
      {
        term: 'ancestor-granted',
        text: 'A parent folder is trusted and no git repository lies in between.',
      },
      {
        term: 'git-repo-needs-own-grant',
        text: 'A parent folder is trusted, but this folder is a git repository, or lies inside one whose root is below the trusted folder. A grant above a repository’s root does not cover it: the repository root or a folder inside it needs its own grant.',
      },
      {
        term: 'sandboxed',
        text: '`CLAUDE_CODE_SANDBOXED` is set to `1`, `true`, `yes` or `on` for the bridges, so every folder counts as trusted.',
      },
      { term: 'not-granted', text: 'Nothing grants it yet: press Trust… on its card.' },
      {
        term: 'config-unreadable',
        text: '`~/.claude.json` cannot be read or is not a valid JSON object, so nothing counts as trusted and clauster leaves the file alone.',
      },
    ],
  },
  {
    heading: 'Actions',
    paragraphs: [],
    items: [
      {
        term: 'Trust…',
        text: 'After a confirmation, records the grant for this one folder in `~/.claude.json`, as answering “Yes, I trust this folder” in a terminal would; the Claude CLI sees it too. With two or more untrusted projects, Trust all (N) does them together after one confirmation that lists each.',
      },
      {
        term: 'Start…',
        text: 'Opens the start dialog: what Claude may do without asking (the permission mode), how sessions share the folder (the spawn mode: one shared folder, a git worktree per session for git projects, or a single session), how many sessions at once, and the name shown in Claude. Dashboard default means the value in `clauster.yml`.',
      },
      {
        term: 'Skip all permission checks',
        text: 'The `bypassPermissions` mode is offered for a project with `allow_bypass_permissions: true` under `projects.<name>`, and needs you to type `bypassPermissions` to confirm, every time. The server checks it all again, and refuses the start while the dashboard is open to the network without a login.',
      },
      {
        term: 'Stop',
        text: 'Ends the sessions using the bridge: clauster interrupts it, waits `claude.stop_grace_seconds` (10 s by default), then kills its process group. An adopted bridge that does not lead its process group (say, one started from a shell pipeline) gets these signals alone, so the rest of its group is left running. The project stays trusted.',
      },
      {
        term: 'Bridged outside clauster (pid N)',
        text: 'A `claude remote-control` started outside clauster (in a terminal, by another tool or by the Python Clauster) already serves this project, so Start is disabled: a second bridge there would fight over it. Stop that process, or adopt it.',
      },
      {
        term: 'Adopt…',
        text: 'Shown only when the card says that outside bridge is adoptable (clauster confirmed the process behind it). After a confirmation, clauster takes it over without restarting it: every check of a start runs again (trusted project, a free slot, a real standalone bridge in this folder, its permission mode allowed). From then on it is a bridge like the others and Stop ends it, but its earlier output, and its output from now on, were never captured, so its log here stays empty.',
      },
      {
        term: 'Start again…',
        text: 'On a stopped or crashed bridge: the start dialog filled with the options of its last run (never the typed confirmation). Every check runs again.',
      },
      {
        term: 'Forget',
        text: 'Removes a stopped bridge from the list. Its log files stay on disk.',
      },
      {
        term: 'Open in Claude',
        text: 'Opens the session on claude.ai/code. A running bridge’s page (Details) shows the same link as a QR code to scan with a phone, and Copy link. The link leads straight into the session: keep it to yourself.',
      },
      {
        term: 'Details / Logs',
        text: 'The bridge’s page: its options, process id and live log (debug log, output or errors), with Follow, Pause, a filter and Copy. Everything shown is redacted (below).',
      },
      {
        term: 'Conversations',
        text: 'A read-only, redacted view of the project’s Claude Code conversations, with search and a Live switch. Nothing can be sent from here.',
      },
      {
        term: 'CLAUDE.md',
        text: 'Edits the instructions Claude follows in this project (trusted projects only; Ctrl/Cmd+S saves). A save is refused when the file changed on disk meanwhile: Reload, then edit again.',
      },
      {
        term: 'New project / Clone a repository',
        feature: 'clone',
        text: 'New project makes an empty folder under `projects_root`, optionally a git repository. Clone copies a git repository from an https or ssh address, once the address is allowed, and shows its progress. Nothing runs in either until you trust it and press Start.',
      },
    ],
  },
  {
    heading: 'Logs and redaction',
    paragraphs: [
      'The live log, `clauster logs`, bridge reasons and error messages are redacted before they are shown. Masked: Claude session and environment ids, UUIDs, tokens and API keys (GitHub, GitLab, AWS, Slack, `sk-…`, clauster’s own), Authorization and Cookie values, Bearer tokens, passwords in URLs, JWTs, and values of keys named like token, secret or password. Terminal control sequences and invisible characters are removed.',
      'Redaction knows these shapes only: read a log before you share it. With `logs.redact_session_url` off (the default) the files on disk are verbatim. With it on, the `.log` files are redacted, but a private verbatim copy of each (`<stream>.raw.log`, readable by you only) is kept on disk too.',
    ],
    items: [],
  },
  {
    heading: 'Pages',
    paragraphs: [],
    items: [
      {
        term: 'Doctor',
        text: 'The checks of `clauster doctor` (without the port check), each with a fix.',
      },
      {
        term: 'Settings',
        text: 'Edits the safe part of `clauster.yml`: the instance name, log level and format, bridge defaults and timeouts, logs, metrics, notifications and usage. With password login a save needs a login from the last 10 minutes, else the page asks for the password again. Changes apply after clauster restarts.',
      },
      {
        term: 'Restart clauster',
        text: 'On the Settings page, only when a service manager starts clauster again after it exits (`CLAUSTER_RESTART_ON_EXIT=1`, set by the unit from `clauster install-service`). Running bridges keep running. It needs the same recent login as a save, and is refused while clone jobs run.',
      },
      {
        term: 'Reaper',
        feature: 'reaper',
        text: 'Lists leftover “ghost” Remote Control environments of your projects that no live bridge uses (looking changes nothing), then archives them, or deletes them after you type DELETE.',
      },
    ],
  },
  {
    heading: 'Where things live',
    terms: 'code',
    paragraphs: [],
    items: [
      { term: 'clauster.yml', text: 'The config (`clauster.example.yml` lists every key).' },
      {
        term: 'state_dir',
        text: '`~/.clauster` unless set: `bridges.json` (the bridge records), `audit.jsonl` (who did what), API tokens and the session secret. Mode 0700.',
      },
      {
        term: 'state_dir/logs/<bridge id>/',
        text: '`debug.log`, `stdout.log` and `stderr.log` of each bridge run; rotated, and deleted after `logs.retention_max_age_days` (30 by default).',
      },
      { term: '~/.claude.json', text: 'Workspace trust, shared with the Claude CLI.' },
    ],
  },
  {
    heading: 'From a terminal',
    terms: 'code',
    paragraphs: [],
    items: [
      {
        term: 'clauster status',
        text: 'The recorded bridges and whether each is still alive.',
      },
      {
        term: 'clauster logs <project> -f',
        text: 'A bridge log, redacted like the live view, followed.',
      },
      {
        term: 'clauster open <project> --qr',
        text: 'A running bridge’s connect link, drawn as a QR code to scan from a phone.',
      },
      {
        term: 'clauster doctor',
        text: 'Checks the whole setup and prints a fix for every problem.',
      },
      {
        term: 'clauster adopt <project>',
        text: 'Takes over the `claude remote-control` started outside clauster for the project, with the same checks as Adopt….',
      },
    ],
  },
  {
    heading: 'Keyboard',
    paragraphs: ['`?` opens this help (outside text fields); Esc closes it.'],
    items: [],
  },
];

/** The sections and items to show, given which optional features are on. */
export function helpSections(features: Readonly<Record<HelpFeature, boolean>>): HelpSection[] {
  const shown = (feature: HelpFeature | undefined) => feature === undefined || features[feature];
  return HELP_SECTIONS.map((section) => ({
    ...section,
    items: section.items.filter((item) => shown(item.feature)),
  }));
}
