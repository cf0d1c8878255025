/**
 * What Keystone's admin writes share: a UNIQUE violation becomes Keystone's 409 Conflict
 * "Duplicate entry", and attributes its schemas do not name are kept as extra properties.
 */
import type { Runtime } from '../../runtime.js';
import { duplicateEntry } from '../../domain/identity/errors.js';
import * as extrasRepo from '../../store/repositories/identity-extras-repository.js';
import type { Trx } from '../../store/database.js';

/** runs a write whose name must be unique in its domain; the database decides, Keystone's 409 says so */
export async function withDuplicateCheck<T>(
  rt: Runtime,
  fn: () => Promise<T>,
  type: string,
  name: string,
  domainId: string | null,
): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (rt.store.adapter.isUniqueViolation(e)) throw duplicateEntry(type, name, domainId);
    throw e;
  }
}

/** the attributes of a body that its schema does not name: Keystone keeps them as "extra" */
export function extraOf(input: Record<string, unknown>, known: Set<string>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter(([k, v]) => !known.has(k) && v !== undefined));
}

/** PATCH merges extra properties into the stored ones, as Keystone's SQL update does. */
export async function mergeExtras(
  trx: Trx,
  kind: extrasRepo.ExtraKind,
  id: string,
  extra: Record<string, unknown>,
): Promise<void> {
  const current = (await extrasRepo.extras(trx, kind, [id])).get(id) ?? {};
  await extrasRepo.setExtras(trx, kind, id, { ...current, ...extra });
}
