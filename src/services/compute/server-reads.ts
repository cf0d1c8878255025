/**
 * The read side of the instance aggregate, for the dialects: server lookups, list pages, the
 * one-statement show, and the tags and addresses the views render. Each is a direct call of the
 * precompiled queries in store/repositories/server-queries.ts (no extra round trip, no copying),
 * so going through the service costs nothing on the hot list and show paths.
 */
import type { Runtime } from '../../runtime.js';
import {
  addressesFor as addressesQuery,
  findServer as findServerQuery,
  listServerNames as listNamesQuery,
  listServers as listServersQuery,
  showServer as showServerQuery,
  tagsFor as tagsQuery,
  type AddressRow,
  type InstanceRow,
  type PageRequest,
  type ServerListFilter,
  type ServerViewRow,
  type ShownServer,
} from '../../store/repositories/server-queries.js';

export { MarkerNotFound, SORT_COLUMNS } from '../../store/repositories/server-queries.js';
export type {
  AddressRow,
  PageRequest,
  ServerListFilter,
  ServerViewRow,
  ShownServer,
} from '../../store/repositories/server-queries.js';

/** A whole instance row, as the sub-resource handlers read it. */
export type ServerRow = InstanceRow;
export type { InstanceRow };

export function findServer(
  rt: Runtime,
  uuid: string,
  opts: { allowDeleted?: boolean } = {},
): Promise<ServerRow | undefined> {
  return findServerQuery(rt.store.db, uuid, opts);
}

/** A page of GET /servers/detail (throws MarkerNotFound for an unknown marker). */
export function listServers(rt: Runtime, filter: ServerListFilter, page: PageRequest): Promise<ServerViewRow[]> {
  return listServersQuery(rt.store.db, rt.store.adapter, filter, page);
}

/** A page of GET /servers: ids and names only. */
export function listServerNames(
  rt: Runtime,
  filter: ServerListFilter,
  page: PageRequest,
): Promise<Array<Pick<ServerRow, 'uuid' | 'display_name'>>> {
  return listNamesQuery(rt.store.db, rt.store.adapter, filter, page);
}

/** A live server with its tags and addresses, in one statement. */
export function showServer(rt: Runtime, uuid: string): Promise<ShownServer | undefined> {
  return showServerQuery(rt.store.db, rt.store.adapter, uuid);
}

export function tagsFor(rt: Runtime, uuids: string[]): Promise<Map<string, string[]>> {
  return tagsQuery(rt.store.db, uuids);
}

export function addressesFor(rt: Runtime, uuids: string[]): Promise<Map<string, AddressRow[]>> {
  return addressesQuery(rt.store.db, uuids);
}
