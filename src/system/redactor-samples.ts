/**
 * The known-answer samples of the native redactor's self-check (native-redactor.ts): one line
 * of each shape the redactor meets, compared with the JS engine's answer before the native
 * engine is installed. Built at run time, so no id, token or escape sits in this file as a
 * literal; every secret is fake ('FAKE' padding).
 */

/** One self-check line and what it exercises (named in a mismatch). */
export interface RedactorSample {
  label: string;
  text: string;
}

const ESC = String.fromCharCode(0x1b);
const BEL = String.fromCharCode(0x07);
const ZERO_WIDTH = String.fromCharCode(0x200b);
const C1_CSI = String.fromCharCode(0x9b);

/** The samples, built afresh on each call. */
export function buildRedactorSamples(): RedactorSample[] {
  const id = `FAKE${'x1Y2z3'.repeat(3)}`;
  const hex = (length: number): string => '0123456789abcdef'.repeat(8).slice(0, length);
  const uuid = [hex(8), hex(4), `4${hex(3)}`, `8${hex(3)}`, hex(12)].join('-');
  return [
    { label: 'plain text', text: 'bridge ready: 3 sessions open, polling every 2 s' },
    { label: 'empty line', text: '' },
    { label: 'path', text: '/home/dev/projects/alpha/src/index.ts:42:7 C:\\work\\notes.md' },
    { label: 'git hash', text: `commit ${hex(40)} (HEAD -> main)` },
    { label: 'timestamp', text: '2026-01-02T03:04:05.678Z [DEBUG] [bridge:work] poll done' },
    { label: 'tab and CR', text: 'col1\tcol2\rprogress 50%' },
    { label: 'colour', text: `${ESC}[32mgreen${ESC}[0m and ${ESC}[1;31mbold red${ESC}[22;39m` },
    { label: 'C1 CSI', text: `before${C1_CSI}2Kafter` },
    {
      label: 'OSC 8 link',
      text: `${ESC}]8;;https://example.com/a?b=c${ESC}\\link text${ESC}]8;;${BEL} done`,
    },
    { label: 'zero-width inside an id', text: `env_${id.slice(0, 6)}${ZERO_WIDTH}${id.slice(6)}` },
    { label: 'session id', text: `connected session_${id} ok` },
    { label: 'env id', text: `environmentId=env_${id}` },
    { label: 'cse id', text: `"id":"cse_${id}"` },
    { label: 'coloured id', text: `${ESC}[1msession_${ESC}[0m${id}` },
    { label: 'uuid', text: `request ${uuid} finished` },
    { label: 'bearer header', text: `Authorization: Bearer FAKE${'tok3n'.repeat(4)}` },
    { label: 'url password', text: `clone https://dev:FAKEpass${hex(6)}@example.com/repo.git` },
    { label: 'words near ids', text: 'lease_id=3 session_ env_x task-1 my_session_name' },
    {
      label: 'long line',
      text: `${'word '.repeat(800)}session_${id} ${'-'.repeat(600)}${ESC}[0m${'tail '.repeat(200)}`,
    },
  ];
}
