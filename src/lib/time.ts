/**
 * Timestamps are stored as fixed-width ISO-8601 UTC strings with milliseconds
 * ("2026-11-24T12:00:00.000Z") on both databases, so they sort lexically and compare as text.
 */
export type Clock = () => Date;

/** The runtime's default clock (src/bootstrap.ts): the one place state reads the wall clock. */
export const systemClock: Clock = () => new Date();

/**
 * Monotonic real milliseconds, only for timeouts that measure how long this process has been
 * waiting (never stored, never compared with a stored time): a virtual runtime clock may stand
 * still, and a wait must still end.
 */
export const elapsedMs = (): number => performance.now();

export const toDbTime = (d: Date): string => d.toISOString();

/** Nova's view format: 2026-11-24T12:00:00Z (no fraction). */
export function novaTime(db: string | null): string | null {
  if (db === null) return null;
  return db.slice(0, 19) + 'Z';
}

/** Nova's os-instance-actions and fault format: 2026-11-24T12:00:00.000000 (microseconds, no zone). */
export function novaMicroTime(db: string | null): string | null {
  if (db === null) return null;
  return db.slice(0, 19) + '.' + db.slice(20, 23) + '000';
}

/**
 * Keystone's datetimes serialised as they are (oslo jsonutils, e.g. a user's password_expires_at):
 * 2026-11-24T12:00:00.000000, microseconds and no zone, as Nova's micro format
 */
export const keystonePlainTime = novaMicroTime;

/** Keystone token times: 2026-11-24T12:00:00.000000Z */
export function keystoneTime(d: Date): string {
  return d.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/**
 * A parsed time (from parseIsoTime) stored with the microseconds its text gave, as Keystone keeps
 * them: 2026-12-07T06:16:41.115930Z (a Date holds milliseconds only). Zone offsets are whole
 * minutes, so the digits after the milliseconds are the text's own.
 */
export function toDbMicroTime(text: string, parsed: Date): string {
  const fraction = /\.(\d+)/.exec(text)?.[1] ?? '';
  return parsed.toISOString().slice(0, 23) + fraction.padEnd(6, '0').slice(3, 6) + 'Z';
}

/** Keystone's view of a stored time with microseconds (toDbMicroTime, or milliseconds): no zone */
export function keystoneMicroTime(db: string): string {
  return /\.\d{6}Z$/.test(db) ? db.slice(0, 26) : keystoneTime(new Date(db)).replace(/Z$/, '');
}

/** Parses an ISO-8601 date-time like Python's iso8601 module accepts; null when invalid. */
export function parseIsoTime(s: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/i.test(s)) return null;
  let normal = s.replace(' ', 'T');
  if (!/(Z|[+-]\d{2}:?\d{2})$/i.test(normal)) normal += 'Z';
  const d = new Date(normal);
  return Number.isNaN(d.getTime()) ? null : d;
}
