// Splits help text on backticks: `like this` becomes a code span. No DOM, so test/ can import
// it; inline-code.ts turns the pieces into nodes.

export interface TextPiece {
  text: string;
  code: boolean;
}

/** "Run `clauster doctor` now" → plain, code, plain pieces; empty pieces are dropped. */
export function splitInlineCode(text: string): TextPiece[] {
  const pieces: TextPiece[] = [];
  text.split('`').forEach((part, index) => {
    if (part !== '') pieces.push({ text: part, code: index % 2 === 1 });
  });
  return pieces;
}
