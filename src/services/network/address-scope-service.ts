/**
 * Address scopes (neutron/db/address_scope_db.py, Zed): a project's own or shared scopes; pools
 * join one of their family. A scope with pools cannot be deleted (the pools' foreign key decides a
 * race with a pool joining it), and a shared scope cannot be unshared.
 */
import type { RequestContext } from '../../domain/context.js';
import { addressScopeInUse, addressScopeNotFound, addressScopeUpdateError } from '../../domain/ports/network-errors.js';
import { newUuid } from '../../lib/ids.js';
import type { Runtime } from '../../runtime.js';
import * as repo from '../../store/repositories/subnet-pool-repository.js';
import type { AddressScopeRow } from '../../store/repositories/subnet-pool-repository.js';
import { retryOnConflict } from './retry.js';

export type { AddressScopeRow } from '../../store/repositories/subnet-pool-repository.js';

/** get_address_scope: admin, owner, or shared. */
export const canSeeAddressScope = (ctx: RequestContext, s: AddressScopeRow): boolean =>
  ctx.isAdmin || s.project_id === ctx.projectId || s.shared === 1;

export async function showAddressScope(rt: Runtime, ctx: RequestContext, id: string): Promise<AddressScopeRow> {
  const s = await repo.findAddressScope(rt.store.db, id);
  if (!s || !canSeeAddressScope(ctx, s)) throw addressScopeNotFound(id);
  return s;
}

export interface AddressScopeQuery {
  ids?: string[];
  names?: string[];
  projectIds?: string[];
  ipVersion?: number;
  shared?: number;
}

export async function listAddressScopesFor(
  rt: Runtime,
  ctx: RequestContext,
  q: AddressScopeQuery,
): Promise<AddressScopeRow[]> {
  return repo.listAddressScopes(rt.store.db, { ...q, visibleTo: ctx.isAdmin ? null : (ctx.projectId ?? '') });
}

export interface AddressScopeSpec {
  projectId: string;
  name?: string;
  ipVersion: number;
  shared?: boolean;
}

export async function createAddressScopeFor(rt: Runtime, spec: AddressScopeSpec): Promise<AddressScopeRow> {
  const now = rt.clock().toISOString();
  const row: AddressScopeRow = {
    id: newUuid(),
    project_id: spec.projectId,
    name: spec.name ?? '',
    shared: spec.shared ? 1 : 0,
    ip_version: spec.ipVersion,
    created_at: now,
    updated_at: now,
  };
  await repo.insertAddressScope(rt.store.db, row);
  return row;
}

export interface AddressScopeChanges {
  name?: string;
  shared?: boolean;
}

export async function updateAddressScopeFor(
  rt: Runtime,
  scope: AddressScopeRow,
  c: AddressScopeChanges,
): Promise<AddressScopeRow> {
  return rt.store.transaction(async (trx) => {
    const patch: Partial<AddressScopeRow> = { updated_at: rt.clock().toISOString() };
    if (c.name !== undefined) patch.name = c.name;
    if (c.shared !== undefined) {
      // only while still shared: an unshare racing a share is decided by the row
      if (c.shared === false && scope.shared === 1)
        throw addressScopeUpdateError(scope.id, "Shared address scope can't be unshared");
      patch.shared = c.shared ? 1 : 0;
    }
    if (!(await repo.updateAddressScope(trx, scope.id, patch))) throw addressScopeNotFound(scope.id);
    const updated = await repo.findAddressScope(trx, scope.id);
    if (!updated) throw addressScopeNotFound(scope.id);
    return updated;
  });
}

/** A pool joining concurrently makes the delete fail on its foreign key; the retry answers 409. */
export async function deleteAddressScopeFor(rt: Runtime, id: string): Promise<void> {
  await retryOnConflict(rt.store.adapter, () =>
    rt.store.transaction(async (trx) => {
      if (!(await repo.findAddressScope(trx, id))) throw addressScopeNotFound(id);
      if (!(await repo.deleteAddressScopeIfUnused(trx, id))) throw addressScopeInUse(id);
    }),
  );
}
