// CRLF files in a textarea (pure, tested in test/web/): a textarea's value always uses LF, so
// a file whose line breaks were all CRLF is converted back before it is saved.

/** True when `text` has line breaks and every one of them is CRLF. */
export function usesCrlf(text: string): boolean {
  const lf = text.split('\n').length - 1;
  return lf > 0 && text.split('\r\n').length - 1 === lf;
}

/** `text` (from a textarea: LF, or CRLF the browser kept) with every line break as CRLF. */
export function toCrlf(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}
