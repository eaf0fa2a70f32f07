/** `text` as one shell word for a command we suggest: bare when safe, else single-quoted. */
export function shellQuote(text: string): string {
  return /^[A-Za-z0-9_./~:@%+=-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
