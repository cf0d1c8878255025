/**
 * oslo.utils' strutils.bool_from_string, which every OpenStack service uses for booleans written
 * as text (query strings, loose body values). One copy here so that every API reads "yes", "t"
 * or " On " alike.
 */

/** strutils.TRUE_STRINGS, in upstream's order */
export const TRUE_STRINGS: readonly string[] = ['1', 't', 'true', 'on', 'y', 'yes'];
/** strutils.FALSE_STRINGS, in upstream's order */
export const FALSE_STRINGS: readonly string[] = ['0', 'f', 'false', 'off', 'n', 'no'];

/** every accepted spelling, sorted as strutils' "acceptable values are: ..." message lists them */
export const BOOL_STRINGS_SORTED: readonly string[] = [...TRUE_STRINGS, ...FALSE_STRINGS].sort();

/** bool_from_string(strict=True): true or false, or undefined when the text is neither */
export function parseBoolString(text: string): boolean | undefined {
  const lowered = text.trim().toLowerCase();
  if (TRUE_STRINGS.includes(lowered)) return true;
  if (FALSE_STRINGS.includes(lowered)) return false;
  return undefined;
}

/** bool_from_string(default=False): true, or a true spelling; anything else is false */
export function isTrueString(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  return typeof value === 'string' && parseBoolString(value) === true;
}
