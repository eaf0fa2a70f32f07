// Help text as DOM nodes: `like this` becomes a <code> span (inline-pieces.ts splits it). The
// pieces are set as text, never parsed as markup, so no text here can become HTML. Used by the
// help panel and the getting-started card.

import { splitInlineCode } from './inline-pieces.js';

/** The pieces of `text` as nodes: <code> for the backticked parts, text nodes for the rest. */
export function inlineText(text: string): Node[] {
  return splitInlineCode(text).map((piece) => {
    if (!piece.code) return document.createTextNode(piece.text);
    const code = document.createElement('code');
    code.textContent = piece.text;
    return code;
  });
}
