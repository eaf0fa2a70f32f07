// The choices of the start dialog, in plain words (labels shared with the bridge view).

import { PERMISSION_LABEL } from './labels.js';

export interface Choice {
  value: string;
  label: string;
  help: string;
}

export const BYPASS = 'bypassPermissions';

export const PERMISSION_CHOICES: Choice[] = [
  {
    value: '',
    label: 'Dashboard default',
    help: 'The mode set in clauster.yml (ask before changes unless you changed it).',
  },
  {
    value: 'default',
    label: PERMISSION_LABEL.default,
    help: 'Claude asks you before it edits files or runs commands.',
  },
  {
    value: 'plan',
    label: PERMISSION_LABEL.plan,
    help: 'Claude reads and proposes a plan; it changes nothing.',
  },
  {
    value: 'acceptEdits',
    label: PERMISSION_LABEL.acceptEdits,
    help: 'Claude edits files without asking, but still asks before running commands.',
  },
  {
    value: 'auto',
    label: PERMISSION_LABEL.auto,
    help: 'Routine actions are approved for you; risky ones still ask.',
  },
  {
    value: 'dontAsk',
    label: PERMISSION_LABEL.dontAsk,
    help: 'Claude never asks; anything not pre-approved in your settings is refused.',
  },
  {
    value: 'inherit',
    label: PERMISSION_LABEL.inherit,
    help: 'clauster sets no mode, so the default mode in your Claude settings applies.',
  },
];

export const BYPASS_CHOICE: Choice = {
  value: BYPASS,
  label: PERMISSION_LABEL.bypassPermissions,
  help: 'Claude runs any command and edits any file without asking. Only for throwaway or sandboxed machines.',
};

export const SPAWN_CHOICES: Choice[] = [
  { value: '', label: 'Dashboard default', help: '' },
  { value: 'same-dir', label: 'Shared folder — every session works in this folder', help: '' },
  { value: 'worktree', label: 'Separate git worktree for each session', help: '' },
  { value: 'session', label: 'Single session only', help: '' },
];
