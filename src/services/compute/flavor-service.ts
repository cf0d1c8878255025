/**
 * Flavors, their extra specs and their access lists (nova/compute/flavors.py, nova/objects/
 * flavor.py): visibility (public or granted to the caller's project), the id and name
 * uniqueness the database enforces, and read-modify-write of the extra specs in one transaction.
 */
import type { Runtime } from '../../runtime.js';
import type { RequestContext } from '../../domain/context.js';
import { DomainError, badRequest, conflict } from '../../domain/errors.js';
import {
  addFlavorAccess,
  deleteFlavor as deleteFlavorRow,
  findFlavor,
  findFlavorVisible,
  flavorNameTaken,
  insertFlavor,
  listFlavorAccess,
  listFlavors as listFlavorRows,
  removeFlavorAccess,
  setFlavorExtraSpecs,
  updateFlavorDescription,
  type FlavorListFilter,
  type FlavorRow,
} from '../../store/repositories/flavor-repository.js';
import { findProjectById } from '../../store/repositories/identity-repository.js';
import { flavorAccessNotFound } from '../../domain/compute-errors.js';

export type { FlavorListFilter, FlavorRow };
export type ExtraSpecs = Record<string, string>;

export const flavorNotFound = (id: string): DomainError =>
  new DomainError('FLAVOR_NOT_FOUND', 404, `Flavor ${id} could not be found.`);

export const extraSpecsOf = (f: FlavorRow): ExtraSpecs => JSON.parse(f.extra_specs) as ExtraSpecs;

export function listFlavors(rt: Runtime, filter: FlavorListFilter): Promise<FlavorRow[]> {
  return listFlavorRows(rt.store.db, filter);
}

/** The flavor if the caller may see it (admins see every flavor), else 404. */
export async function visibleFlavor(rt: Runtime, ctx: RequestContext, id: string): Promise<FlavorRow> {
  const f = await findFlavorVisible(rt.store.db, id, ctx.isAdmin ? null : (ctx.projectId ?? ''));
  if (!f) throw flavorNotFound(id);
  return f;
}

export type NewFlavor = Omit<FlavorRow, 'created_at' | 'deleted' | 'disabled' | 'extra_specs' | 'internal_id'>;

/**
 * flavors.py create: a taken id or name is a 409 naming which one. The internal id is the next
 * integer; a create that lost the race for it (neither its id nor its name taken) tries again.
 */
export async function createFlavor(rt: Runtime, input: NewFlavor): Promise<FlavorRow> {
  const row = { ...input, disabled: 0, extra_specs: '{}', created_at: rt.clock().toISOString(), deleted: 0 };
  for (let attempt = 1; ; attempt++) {
    try {
      await insertFlavor(rt.store.db, row);
      break;
    } catch (err) {
      if (!rt.store.adapter.isUniqueViolation(err)) throw err;
      if (await findFlavor(rt.store.db, row.id)) throw conflict(`Flavor with ID ${row.id} already exists.`);
      if ((await flavorNameTaken(rt.store.db, row.name)) || attempt >= 5)
        throw conflict(`Flavor with name ${row.name} already exists.`);
    }
  }
  return getFlavor(rt, row.id);
}

async function getFlavor(rt: Runtime, id: string): Promise<FlavorRow> {
  const f = await findFlavor(rt.store.db, id);
  if (!f) throw flavorNotFound(id);
  return f;
}

export async function updateDescription(rt: Runtime, id: string, description: string | null): Promise<FlavorRow> {
  await getFlavor(rt, id);
  await updateFlavorDescription(rt.store.db, id, description);
  return getFlavor(rt, id);
}

export async function deleteFlavor(rt: Runtime, id: string): Promise<void> {
  if (!(await deleteFlavorRow(rt.store.db, id))) throw flavorNotFound(id);
}

/** Read-modify-write of the extra specs JSON column inside one transaction. */
export async function changeExtraSpecs(
  rt: Runtime,
  flavorId: string,
  fn: (s: ExtraSpecs) => ExtraSpecs,
): Promise<void> {
  await rt.store.transaction(async (trx) => {
    const f = await findFlavor(trx, flavorId);
    if (!f) throw flavorNotFound(flavorId);
    await setFlavorExtraSpecs(trx, flavorId, fn(extraSpecsOf(f)));
  });
}

export function flavorAccess(rt: Runtime, flavorId: string): Promise<string[]> {
  return listFlavorAccess(rt.store.db, flavorId);
}

/**
 * flavor_access.py addTenantAccess: public flavors refuse entries (from 2.7, `refusePublic`), the
 * project must exist (identity.verify_project_id), a duplicate grant is a 409.
 */
export async function grantFlavorAccess(
  rt: Runtime,
  f: FlavorRow,
  projectId: string,
  refusePublic: boolean,
): Promise<string[]> {
  if (f.is_public === 1 && refusePublic) throw conflict('Can not add access to a public flavor.');
  if (!(await findProjectById(rt.store.db, projectId)))
    throw badRequest(`Project ID ${projectId} is not a valid project.`);
  try {
    await addFlavorAccess(rt.store.db, f.id, projectId);
  } catch (err) {
    if (!rt.store.adapter.isUniqueViolation(err)) throw err;
    throw conflict(`Flavor access already exists for flavor ${f.id} and project ${projectId} combination.`);
  }
  return flavorAccess(rt, f.id);
}

export async function revokeFlavorAccess(rt: Runtime, flavorId: string, projectId: string): Promise<string[]> {
  if (!(await removeFlavorAccess(rt.store.db, flavorId, projectId))) {
    throw flavorAccessNotFound(flavorId, projectId);
  }
  return flavorAccess(rt, flavorId);
}
