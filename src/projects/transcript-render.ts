/**
 * Renders one Claude Code transcript line as compact, redacted turns for the read-only
 * conversation view. Invariants: every string that comes out has passed through redactText()
 * (the timestamp included) and is cut to its cap with a marker; thinking blocks and unknown
 * block types are left out; a line that is not a JSON object, or a user or assistant line
 * whose message has no content, is `skipped`, never fatal; sidechain lines are marked so the
 * caller can leave them out.
 */
import { redactText } from '../security/redact.js';
import { isRecord, parseJsonLine } from './json-line.js';

export type TurnRole = 'user' | 'assistant' | 'tool' | 'summary';

export interface Turn {
  role: TurnRole;
  /** The line's timestamp (redacted), or null when it has none. */
  at: string | null;
  text: string;
  /** A tool call (`tool_use` block) made by the assistant. */
  tool?: { name: string; input_preview: string };
  /** A tool result the tool reported as an error. */
  is_error?: true;
}

export type RenderedLine =
  | { kind: 'turns'; turns: Turn[]; sidechain: boolean; at: string | null }
  | { kind: 'other' | 'skipped' | 'blank' };

/** Longest text of one turn, in characters. */
export const MAX_TURN_TEXT = 4000;
/** Longest tool input preview (its JSON), in characters. */
export const MAX_INPUT_PREVIEW = 500;
const MAX_TOOL_NAME = 200;
const MAX_TIMESTAMP = 64;

/** Appended to text cut at its cap. */
export const CUT_MARKER = ' …[cut]';

/** Redacts `text`, then cuts it to `max` characters with the marker. */
export function redactAndCut(text: string, max: number): string {
  // Redacted in full before the cut: a raw cut could split a secret so no rule sees it
  // (the line cap bounds the work; a few MB redact in tens of milliseconds).
  const redacted = redactText(text);
  return redacted.length > max ? `${redacted.slice(0, max)}${CUT_MARKER}` : redacted;
}

/** A line's timestamp as turns carry it (redacted), or null when missing or too long. */
export function readTimestamp(value: unknown): string | null {
  return typeof value === 'string' && value.length <= MAX_TIMESTAMP ? redactText(value) : null;
}

// A tool result's content: a string, or blocks whose text parts are joined.
function resultText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  const parts: string[] = [];
  for (const block of content) {
    if (!isRecord(block)) continue;
    if (block.type === 'text' && typeof block.text === 'string') parts.push(block.text);
    else if (block.type === 'image') parts.push('[image]');
  }
  return parts.join('\n');
}

// Every key and string of a tool input redacted in place, before any JSON escaping: once a
// newline or quote is written as `\n` or `\"`, a secret right after it no longer starts at a
// word boundary and a rule could miss it. Depth is bounded by JSON.parse's own input.
function redactValue(value: unknown): unknown {
  if (typeof value === 'string') return redactText(value);
  if (Array.isArray(value)) return value.map(redactValue);
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) out[redactText(key)] = redactValue(inner);
  return out;
}

function inputPreview(input: unknown): string {
  let json: string;
  try {
    json = JSON.stringify(redactValue(input ?? null)) ?? 'null';
  } catch {
    json = 'null';
  }
  // Redacted again as JSON: a rule that needs a key with its value (`"password": "…"`) sees both.
  return redactAndCut(json, MAX_INPUT_PREVIEW);
}

function renderBlock(block: unknown, role: 'user' | 'assistant', at: string | null): Turn | null {
  if (!isRecord(block)) return null;
  switch (block.type) {
    case 'text':
      return typeof block.text === 'string'
        ? { role, at, text: redactAndCut(block.text, MAX_TURN_TEXT) }
        : null;
    case 'image':
      return { role, at, text: '[image]' };
    case 'tool_use': {
      const name = typeof block.name === 'string' ? block.name : 'tool';
      const tool = { name: redactAndCut(name, MAX_TOOL_NAME), input_preview: '' };
      tool.input_preview = inputPreview(block.input);
      return { role: 'assistant', at, text: '', tool };
    }
    case 'tool_result': {
      const turn: Turn = {
        role: 'tool',
        at,
        text: redactAndCut(resultText(block.content), MAX_TURN_TEXT),
      };
      if (block.is_error === true) turn.is_error = true;
      return turn;
    }
    default:
      // thinking, redacted_thinking and block types not known yet are left out
      return null;
  }
}

function renderMessage(message: unknown, role: 'user' | 'assistant', at: string | null) {
  if (!isRecord(message)) return null;
  const { content } = message;
  if (typeof content === 'string')
    return [{ role, at, text: redactAndCut(content, MAX_TURN_TEXT) }];
  if (!Array.isArray(content)) return null;
  const turns: Turn[] = [];
  for (const block of content) {
    const turn = renderBlock(block, role, at);
    if (turn !== null) turns.push(turn);
  }
  return turns;
}

/** Renders one transcript line; the raw text never leaves unredacted. */
export function renderTranscriptLine(line: string): RenderedLine {
  const parsed = parseJsonLine(line);
  if (parsed.kind !== 'doc') return parsed;
  const { doc } = parsed;
  const at = readTimestamp(doc.timestamp);
  const sidechain = doc.isSidechain === true;
  if (doc.type === 'summary') {
    if (typeof doc.summary !== 'string') return { kind: 'skipped' };
    const text = redactAndCut(doc.summary, MAX_TURN_TEXT);
    return { kind: 'turns', turns: [{ role: 'summary', at, text }], sidechain, at };
  }
  if (doc.type !== 'user' && doc.type !== 'assistant') return { kind: 'other' };
  const turns = renderMessage(doc.message, doc.type, at);
  if (turns === null) return { kind: 'skipped' };
  return { kind: 'turns', turns, sidechain, at };
}

/**
 * What a conversation list needs of one line, found without rendering or redacting: how many
 * turns renderTranscriptLine() would give, and the raw texts a title may come from. The raw
 * strings here are NOT redacted; redact what is kept (see the summary fold).
 */
export type ScannedLine =
  | { kind: 'other' | 'skipped' | 'blank' }
  | {
      kind: 'turns';
      sidechain: boolean;
      turns: number;
      /** The raw timestamp; readTimestamp() redacts it. */
      timestamp: unknown;
      /** The raw summary text of a summary line. */
      summary: string | null;
      /** The raw texts of the user turns, in order. */
      userTexts: string[];
    };

// The raw text of a block that renders as a turn; null for one that is left out.
function scanBlock(block: unknown): string | null {
  if (!isRecord(block)) return null;
  if (block.type === 'text') return typeof block.text === 'string' ? block.text : null;
  if (block.type === 'image') return '[image]';
  if (block.type === 'tool_use' || block.type === 'tool_result') return '';
  return null;
}

/** Scans one transcript line like renderTranscriptLine() would render it. */
export function scanTranscriptLine(line: string): ScannedLine {
  const parsed = parseJsonLine(line);
  if (parsed.kind !== 'doc') return parsed;
  const { doc } = parsed;
  const base = { kind: 'turns' as const, sidechain: doc.isSidechain === true };
  const timestamp = doc.timestamp;
  if (doc.type === 'summary') {
    if (typeof doc.summary !== 'string') return { kind: 'skipped' };
    return { ...base, turns: 1, timestamp, summary: doc.summary, userTexts: [] };
  }
  if (doc.type !== 'user' && doc.type !== 'assistant') return { kind: 'other' };
  const message = doc.message;
  if (!isRecord(message)) return { kind: 'skipped' };
  const { content } = message;
  const isUser = doc.type === 'user';
  if (typeof content === 'string') {
    return { ...base, turns: 1, timestamp, summary: null, userTexts: isUser ? [content] : [] };
  }
  if (!Array.isArray(content)) return { kind: 'skipped' };
  let turns = 0;
  const userTexts: string[] = [];
  for (const block of content) {
    const text = scanBlock(block);
    if (text === null) continue;
    turns += 1;
    const isText = isRecord(block) && (block.type === 'text' || block.type === 'image');
    if (isUser && isText) userTexts.push(text);
  }
  return { ...base, turns, timestamp, summary: null, userTexts };
}
