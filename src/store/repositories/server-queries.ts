/**
 * Read queries behind GET /servers, /servers/detail and /servers/{id}: one indexed page query
 * (keyset paging on the sort key then uuid, as Nova's paginate_query) plus one query each for
 * the page's tags and addresses, so a page of N servers costs three round trips, not 2N+1.
 */
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Database, DbOrTrx } from '../database.js';
import { jsonColumn, type DialectAdapter, type DialectName } from '../dialects/adapter.js';
import type { InstancesTable } from '../tables/instances.table.js';
import { precompiled, precompiledShapes } from '../precompiled.js';

export type InstanceRow = InstancesTable;

/** Sortable columns (nova.db.main.api VALID_SORT_KEYS minus legacy ones we do not model). */
export const SORT_COLUMNS: Record<string, keyof InstancesTable> = {
  access_ip_v4: 'access_ip_v4',
  access_ip_v6: 'access_ip_v6',
  auto_disk_config: 'disk_config',
  availability_zone: 'availability_zone',
  config_drive: 'config_drive',
  created_at: 'created_at',
  display_description: 'display_description',
  display_name: 'display_name',
  host: 'host',
  hostname: 'hostname',
  image_ref: 'image_ref',
  instance_type_id: 'flavor_id',
  kernel_id: 'uuid',
  key_name: 'key_name',
  launch_index: 'launch_index',
  launched_at: 'launched_at',
  locked_by: 'locked_by',
  node: 'node',
  power_state: 'power_state',
  progress: 'progress',
  project_id: 'project_id',
  ramdisk_id: 'uuid',
  root_device_name: 'uuid',
  task_state: 'task_state',
  terminated_at: 'terminated_at',
  updated_at: 'updated_at',
  user_id: 'user_id',
  uuid: 'uuid',
  vm_state: 'vm_state',
  locked: 'locked',
};
const INT_COLUMNS = new Set(['launch_index', 'power_state', 'progress', 'locked']);
/**
 * NOT NULL text columns sort on the bare column: wrapping them in coalesce() hid the
 * (project_id, deleted, created_at, uuid) index from the planner, so every page of the default
 * listing sorted the whole project (650 ms a page at 100,000 servers; bench, docs/performance.md).
 */
const NOT_NULL_COLUMNS = new Set([
  'uuid',
  'display_name',
  'hostname',
  'project_id',
  'user_id',
  'vm_state',
  'flavor_id',
  'image_ref',
  'created_at',
  'updated_at',
  'reservation_id',
  'config_drive',
  'disk_config',
]);

export interface ServerListFilter {
  /** null = every project */
  projectId: string | null;
  userId?: string;
  nameRegex?: string;
  vmStates?: string[];
  /** task states to match (null entries match "no task") */
  taskStates?: (string | null)[];
  imageRef?: string;
  flavorId?: string;
  reservationId?: string;
  changesSince?: string;
  changesBefore?: string;
  locked?: boolean;
  host?: string;
  availabilityZone?: string;
  /** true: only deleted; false: only live; undefined: both */
  deleted?: boolean;
  tagsAll?: string[];
  tagsAny?: string[];
  notTagsAll?: string[];
  notTagsAny?: string[];
  ipRegex?: string;
  ip6Regex?: string;
}

export interface PageRequest {
  sortKey: keyof InstancesTable;
  sortDir: 'asc' | 'desc';
  limit: number;
  /** uuid of the last row of the previous page */
  marker?: string;
}

export class MarkerNotFound extends Error {}

function sortExpr(col: keyof InstancesTable) {
  // NULLs sort as the smallest value on both dialects, so keyset comparisons stay total
  if (INT_COLUMNS.has(col) || NOT_NULL_COLUMNS.has(col)) return sql<string | number>`${sql.ref(col)}`;
  return sql<string>`coalesce(${sql.ref(col)}, '')`;
}

/**
 * The columns the server views render (api/compute/views/servers.ts). A detail page reads only
 * these: better-sqlite3 spends a fixed time per cell, so the columns no view shows (key_data,
 * requested_networks, locked_by, deleted, deleted_at) were an eighth of reading a page.
 */
export const VIEW_COLUMNS = [
  'uuid',
  'display_name',
  'display_description',
  'hostname',
  'project_id',
  'user_id',
  'vm_state',
  'task_state',
  'power_state',
  'locked',
  'locked_reason',
  'host',
  'node',
  'availability_zone',
  'requested_availability_zone',
  'flavor_id',
  'flavor',
  'vcpus',
  'memory_mb',
  'root_gb',
  'image_ref',
  'key_name',
  'user_data',
  'metadata',
  'security_groups',
  'reservation_id',
  'launch_index',
  'access_ip_v4',
  'access_ip_v6',
  'config_drive',
  'disk_config',
  'progress',
  'fault',
  'created_at',
  'updated_at',
  'launched_at',
  'terminated_at',
] as const satisfies ReadonlyArray<keyof InstanceRow>;
export type ServerViewRow = Pick<InstanceRow, (typeof VIEW_COLUMNS)[number]>;

export async function listServers(
  db: DbOrTrx,
  adapter: DialectAdapter,
  f: ServerListFilter,
  p: PageRequest,
): Promise<ServerViewRow[]> {
  return pageQueries(adapter).details(db, await pageInput(db, f, p));
}

/** GET /servers (the index view) needs only ids and names: reading whole rows was most of its cost. */
export async function listServerNames(
  db: DbOrTrx,
  adapter: DialectAdapter,
  f: ServerListFilter,
  p: PageRequest,
): Promise<Array<Pick<InstanceRow, 'uuid' | 'display_name'>>> {
  return pageQueries(adapter).names(db, await pageInput(db, f, p));
}

/** A page request with its marker row's sort value resolved. */
interface PageInput {
  f: ServerListFilter;
  p: PageRequest;
  after?: { value: string | number; uuid: string };
}

async function pageInput(db: DbOrTrx, f: ServerListFilter, p: PageRequest): Promise<PageInput> {
  if (p.marker === undefined) return { f, p };
  const [m] = await findAny(db, p.marker);
  if (!m) throw new MarkerNotFound(p.marker);
  return {
    f,
    p,
    after: { value: INT_COLUMNS.has(p.sortKey) ? (m[p.sortKey] as number) : String(m[p.sortKey] ?? ''), uuid: m.uuid },
  };
}

/**
 * Building and compiling the page query with Kysely cost 20-50 µs a list request (more than
 * running it for GET /servers), so it is compiled once per shape: every filter value, the limit
 * and the marker's sort value and uuid are marked as bound parameters; which filters are present,
 * list lengths, booleans, the dialect, the sort key and direction make the shape.
 */
function markPage(input: PageInput, value: <T>(v: T) => T): PageInput {
  const f: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input.f)) {
    if (typeof v === 'string') f[k] = value(v);
    else if (Array.isArray(v)) f[k] = v.map((x: unknown) => (typeof x === 'string' ? value(x) : x));
    else if (v === null || v === undefined || typeof v === 'boolean') f[k] = v;
    else throw new Error(`markPage: filter ${k} has an unexpected type`);
  }
  return {
    f: f as unknown as ServerListFilter,
    // the marker itself is resolved into `after`
    p: { sortKey: input.p.sortKey, sortDir: input.p.sortDir, limit: value(input.p.limit) },
    after: input.after && { value: value(input.after.value), uuid: value(input.after.uuid) },
  };
}

/** One value per dialect, built on first use: queries whose SQL depends on the adapter. */
function perDialect<T>(build: (adapter: DialectAdapter) => T): (adapter: DialectAdapter) => T {
  const built = new Map<DialectName, T>();
  return (adapter) => {
    let v = built.get(adapter.name);
    if (v === undefined) built.set(adapter.name, (v = build(adapter)));
    return v;
  };
}

const pageQueries = perDialect((adapter) => ({
  details: precompiledShapes(markPage, (db, i: PageInput) => pageQuery(db, adapter, i).select(VIEW_COLUMNS)),
  names: precompiledShapes(markPage, (db, i: PageInput) => pageQuery(db, adapter, i).select(['uuid', 'display_name'])),
}));

function pageQuery(db: DbOrTrx, adapter: DialectAdapter, { f, p, after }: PageInput) {
  let q = db.selectFrom('instances');
  if (f.projectId !== null) q = q.where('project_id', '=', f.projectId);
  if (f.deleted === true) q = q.where('deleted', '=', 1);
  else if (f.deleted === false) q = q.where('deleted', '=', 0);
  if (f.userId !== undefined) q = q.where('user_id', '=', f.userId);
  if (f.nameRegex !== undefined) {
    const re = f.nameRegex;
    q = q.where(() => adapter.regexpMatch(sql.ref('display_name'), re));
  }
  if (f.vmStates) q = q.where('vm_state', 'in', f.vmStates.length ? f.vmStates : ['']);
  if (f.taskStates) {
    const named = f.taskStates.filter((s): s is string => s !== null);
    const withNull = f.taskStates.includes(null);
    q = q.where((eb) => {
      const ors: Expression<SqlBool>[] = [];
      if (named.length) ors.push(eb('task_state', 'in', named));
      if (withNull) ors.push(eb('task_state', 'is', null));
      return eb.or(ors);
    });
  }
  if (f.imageRef !== undefined) q = q.where('image_ref', '=', f.imageRef);
  if (f.flavorId !== undefined) q = q.where('flavor_id', '=', f.flavorId);
  if (f.reservationId !== undefined) q = q.where('reservation_id', '=', f.reservationId);
  if (f.changesSince !== undefined) q = q.where('updated_at', '>=', f.changesSince);
  if (f.changesBefore !== undefined) q = q.where('updated_at', '<=', f.changesBefore);
  if (f.locked !== undefined) q = q.where('locked', '=', f.locked ? 1 : 0);
  if (f.host !== undefined) q = q.where('host', '=', f.host);
  if (f.availabilityZone !== undefined) q = q.where('availability_zone', '=', f.availabilityZone);
  const tagged = (tag: string) => (eb: ExpressionBuilder<Database, 'instances'>) =>
    eb.exists(
      eb
        .selectFrom('instance_tags as t')
        .select('t.tag')
        .whereRef('t.instance_uuid', '=', 'instances.uuid')
        .where('t.tag', '=', tag),
    );
  for (const tag of f.tagsAll ?? []) q = q.where(tagged(tag));
  if (f.tagsAny?.length) {
    const tags = f.tagsAny;
    q = q.where((eb) => eb.or(tags.map((t) => tagged(t)(eb))));
  }
  if (f.notTagsAll?.length) {
    const tags = f.notTagsAll;
    q = q.where((eb) => eb.not(eb.and(tags.map((t) => tagged(t)(eb)))));
  }
  for (const tag of f.notTagsAny ?? []) q = q.where((eb) => eb.not(tagged(tag)(eb)));
  for (const [re, v6] of [
    [f.ipRegex, false],
    [f.ip6Regex, true],
  ] as const) {
    if (re === undefined) continue;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('virtual_interfaces as vi')
          .innerJoin('ip_allocations as ia', 'ia.port_id', 'vi.port_id')
          .select('ia.ip_address')
          .whereRef('vi.instance_uuid', '=', 'instances.uuid')
          .where(v6 ? sql<boolean>`ia.ip_address like ${'%:%'}` : sql<boolean>`ia.ip_address not like ${'%:%'}`)
          .where(() => adapter.regexpMatch(sql.ref('ia.ip_address'), re)),
      ),
    );
  }
  const col = p.sortKey;
  const cmp = p.sortDir === 'desc' ? '<' : '>';
  if (after) {
    const mv = after.value;
    // the redundant inclusive bound gives the planner an index range to start from; the OR
    // alone made it walk the index from the top down to the marker
    q = q.where(sortExpr(col), cmp === '<' ? '<=' : '>=', mv);
    q = q.where((eb) =>
      eb.or([eb(sortExpr(col), cmp, mv), eb.and([eb(sortExpr(col), '=', mv), eb('uuid', cmp, after.uuid)])]),
    );
  }
  return q.orderBy(sortExpr(col), p.sortDir).orderBy('uuid', p.sortDir).limit(p.limit);
}

// show and every /servers/{id}/… sub-resource start here: precompiled (src/store/precompiled.ts)
const findLive = precompiled((db, uuid: string) =>
  db.selectFrom('instances').selectAll().where('uuid', '=', uuid).where('deleted', '=', 0),
);
const findAny = precompiled((db, uuid: string) => db.selectFrom('instances').selectAll().where('uuid', '=', uuid));

export async function findServer(
  db: DbOrTrx,
  uuid: string,
  opts: { allowDeleted?: boolean } = {},
): Promise<InstanceRow | undefined> {
  const [row] = await (opts.allowDeleted ? findAny : findLive)(db, uuid);
  return row;
}

const pageTags = precompiled((db, uuids: string[]) =>
  db.selectFrom('instance_tags').select(['instance_uuid', 'tag']).where('instance_uuid', 'in', uuids).orderBy('tag'),
);

export async function tagsFor(db: DbOrTrx, uuids: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(uuids.map((u) => [u, []]));
  if (!uuids.length) return out;
  const rows = await pageTags(db, uuids);
  for (const r of rows) out.get(r.instance_uuid)?.push(r.tag);
  return out;
}

export interface AddressRow {
  instance_uuid: string;
  network_name: string;
  ip_address: string;
  mac_address: string;
  /** 'floating' for a floating IP associated with the fixed address before it; absent: fixed */
  type?: 'floating';
}

/**
 * Puts each floating IP right after the fixed address it is associated with (Nova's network info
 * cache lists a fixed IP's floating IPs with it). floats: [fixed_ip, floating_ip, mac].
 */
function withFloating(fixed: AddressRow[], floats: Array<[string, string, string]>): AddressRow[] {
  if (floats.length === 0) return fixed;
  const out: AddressRow[] = [];
  for (const a of fixed) {
    out.push(a);
    for (const [fixedIp, floatingIp, mac] of floats) {
      if (fixedIp === a.ip_address && mac === a.mac_address)
        out.push({ ...a, ip_address: floatingIp, type: 'floating' });
    }
  }
  return out;
}

const pageFloating = precompiled((db, uuids: string[]) =>
  db
    .selectFrom('floating_ips as fi')
    .innerJoin('virtual_interfaces as vi', 'vi.port_id', 'fi.fixed_port_id')
    .select([
      'vi.instance_uuid as instance_uuid',
      'fi.fixed_ip_address as fixed_ip_address',
      'fi.floating_ip_address as floating_ip_address',
      'vi.mac_address as mac_address',
    ])
    .where('vi.instance_uuid', 'in', uuids)
    .orderBy('fi.floating_ip_address'),
);

const pageAddresses = precompiled((db, uuids: string[]) =>
  db
    .selectFrom('virtual_interfaces as vi')
    .innerJoin('ip_allocations as ia', 'ia.port_id', 'vi.port_id')
    .innerJoin('networks as n', 'n.id', 'ia.network_id')
    .select([
      'vi.instance_uuid as instance_uuid',
      'n.name as network_name',
      'ia.ip_address as ip_address',
      'vi.mac_address as mac_address',
    ])
    .where('vi.instance_uuid', 'in', uuids)
    .orderBy('vi.created_at')
    .orderBy('vi.id')
    .orderBy('ia.ip_address'),
);

/** Fixed IPs of the instances' plugged ports, in plug order (Nova's network info cache order). */
export async function addressesFor(db: DbOrTrx, uuids: string[]): Promise<Map<string, AddressRow[]>> {
  const out = new Map<string, AddressRow[]>(uuids.map((u) => [u, []]));
  if (!uuids.length) return out;
  const rows = await pageAddresses(db, uuids);
  for (const r of rows) out.get(r.instance_uuid)?.push(r);
  const floats = await pageFloating(db, uuids);
  if (floats.length === 0) return out;
  for (const [uuid, fixed] of out) {
    const mine = floats
      .filter((f) => f.instance_uuid === uuid)
      .map((f): [string, string, string] => [f.fixed_ip_address ?? '', f.floating_ip_address, f.mac_address]);
    out.set(uuid, withFloating(fixed, mine));
  }
  return out;
}

export interface ShownServer {
  row: ServerViewRow;
  tags: string[];
  addresses: AddressRow[];
}

/**
 * GET /servers/{id}: the instance with its tags and addresses in one statement (the two lists as
 * JSON arrays from correlated subqueries, ordered as tagsFor and addressesFor order them), so a
 * show is one round trip on PostgreSQL and one statement on SQLite instead of three. Live rows
 * only, as findServer without allowDeleted.
 */
export async function showServer(db: DbOrTrx, adapter: DialectAdapter, uuid: string): Promise<ShownServer | undefined> {
  const [r] = await showQuery(adapter)(db, uuid);
  if (!r) return undefined;
  // the row keeps its two JSON columns: copying the other 37 out cost as much as the two
  // statements this one replaces
  return {
    row: r,
    tags: jsonColumn<string[]>(r.tags),
    addresses: withFloating(
      jsonColumn<Array<[string, string, string]>>(r.addresses).map(([network_name, ip_address, mac_address]) => ({
        instance_uuid: r.uuid,
        network_name,
        ip_address,
        mac_address,
      })),
      jsonColumn<Array<[string, string, string]> | null>(r.floating) ?? [],
    ),
  };
}

const showQuery = perDialect((adapter) =>
  precompiled((db, uuid: string) =>
    db
      .selectFrom('instances as i')
      .select(VIEW_COLUMNS.map((c) => `i.${c}` as const))
      .select((eb) => [
        eb
          .selectFrom('instance_tags as t')
          .select(adapter.jsonArrayAgg(sql.ref('t.tag'), sql`t.tag`).as('a'))
          .whereRef('t.instance_uuid', '=', 'i.uuid')
          .as('tags'),
        eb
          .selectFrom('virtual_interfaces as vi')
          .innerJoin('ip_allocations as ia', 'ia.port_id', 'vi.port_id')
          .innerJoin('networks as n', 'n.id', 'ia.network_id')
          .select(
            adapter
              .jsonArrayAgg(
                adapter.jsonArray([sql.ref('n.name'), sql.ref('ia.ip_address'), sql.ref('vi.mac_address')]),
                sql`vi.created_at, vi.id, ia.ip_address`,
              )
              .as('a'),
          )
          .whereRef('vi.instance_uuid', '=', 'i.uuid')
          .as('addresses'),
        eb
          .selectFrom('floating_ips as fi')
          .innerJoin('virtual_interfaces as vi', 'vi.port_id', 'fi.fixed_port_id')
          .select(
            adapter
              .jsonArrayAgg(
                adapter.jsonArray([
                  sql.ref('fi.fixed_ip_address'),
                  sql.ref('fi.floating_ip_address'),
                  sql.ref('vi.mac_address'),
                ]),
                sql`fi.floating_ip_address`,
              )
              .as('a'),
          )
          .whereRef('vi.instance_uuid', '=', 'i.uuid')
          .as('floating'),
      ])
      .where('i.uuid', '=', uuid)
      .where('i.deleted', '=', 0),
  ),
);
