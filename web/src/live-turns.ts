// Which turns of a live-tail answer the conversation view appends (pure, tested in test/web/).

/** The turns of `answer` not on the page yet: those at or after the `shownTotal` already known. */
export function turnsToAppend<T extends { index: number }>(
  shownTotal: number,
  turns: readonly T[],
): T[] {
  return turns.filter((turn) => turn.index >= shownTotal);
}
