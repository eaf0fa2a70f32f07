import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { toPointerKey } from '../../src/claude/bridge-pointer.js';

export interface AssistantLineOptions {
  id?: string | null;
  model?: string;
  session?: string;
  timestamp?: string;
  sidechain?: boolean;
  usage?: Record<string, unknown>;
}

/** One assistant line as Claude Code writes it (fake ids; no real content). */
export function assistantLine(options: AssistantLineOptions = {}): string {
  const message: Record<string, unknown> = {
    model: options.model ?? 'claude-sonnet-4-5-20250929',
    role: 'assistant',
    content: [{ type: 'text', text: 'ok' }],
    usage: options.usage ?? { input_tokens: 10, output_tokens: 20 },
  };
  if (options.id !== null) message.id = options.id ?? 'msg_fake0001';
  return JSON.stringify({
    type: 'assistant',
    sessionId: options.session ?? 'sess-fake-1',
    timestamp: options.timestamp ?? '2026-03-01T10:00:00.000Z',
    isSidechain: options.sidechain ?? false,
    message,
  });
}

/** A user line (no usage). */
export function userLine(text = 'hello'): string {
  return JSON.stringify({
    type: 'user',
    sessionId: 'sess-fake-1',
    message: { role: 'user', content: text },
  });
}

/** Writes `<home>/.claude/projects/<key of directory>/<file>` and returns its path. */
export async function writeTranscript(
  home: string,
  directory: string,
  file: string,
  lines: readonly string[],
): Promise<string> {
  const folder = join(home, '.claude', 'projects', toPointerKey(directory));
  const path = join(folder, file);
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, `${lines.join('\n')}\n`);
  return path;
}
