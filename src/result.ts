/** Expected outcomes are values, not exceptions (style §2.4). */
export type Result<T, C extends string = string> =
  | { ok: true; value: T }
  | { ok: false; code: C; detail: string };

/** Wraps a value as a successful result. */
export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

/** Builds a refusal with a machine code and a human detail. */
export function fail<C extends string>(
  code: C,
  detail: string,
): { ok: false; code: C; detail: string } {
  return { ok: false, code, detail };
}
