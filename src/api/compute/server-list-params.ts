/**
 * Turns GET /servers query parameters into a ServerListFilter and page request, with Nova's
 * rules (nova/api/openstack/compute/servers.py _get_servers, common.get_sort_params,
 * compute/api.py get_all): non-admin filter whitelist, all_tenants policy, status mapping,
 * changes-since/before checks, sort keys and limit.
 */
import type { FastifyRequest } from 'fastify';
import { badRequest, forbidden } from '../../domain/errors.js';
import { authorize } from '../../policy/check.js';
import { statesForStatus } from '../../domain/instances/status.js';
import { SORT_COLUMNS, type PageRequest, type ServerListFilter } from '../../services/compute/server-reads.js';
import { BOOL_STRINGS_SORTED, parseBoolString } from '../../lib/bool-from-string.js';

type Q = Record<string, string | string[] | undefined>;

// schemas/servers.py: VALID_SORT_KEYS is the sortable keys followed by SERVER_LIST_IGNORE_SORT_KEY;
// from 2.73 'locked' moves from the ignored keys to the sortable ones (Nova builds that enum from
// a set, so its order in the 400 message is arbitrary there)
const SORTABLE_KEYS = [
  'access_ip_v4',
  'access_ip_v6',
  'auto_disk_config',
  'availability_zone',
  'config_drive',
  'created_at',
  'display_description',
  'display_name',
  'host',
  'hostname',
  'image_ref',
  'instance_type_id',
  'kernel_id',
  'key_name',
  'launch_index',
  'launched_at',
  'locked_by',
  'node',
  'power_state',
  'progress',
  'project_id',
  'ramdisk_id',
  'root_device_name',
  'task_state',
  'terminated_at',
  'updated_at',
  'user_id',
  'uuid',
  'vm_state',
];
const IGNORED_SORT_KEYS = [
  'architecture',
  'cell_name',
  'cleaned',
  'default_ephemeral_device',
  'default_swap_device',
  'deleted',
  'deleted_at',
  'disable_terminate',
  'ephemeral_gb',
  'ephemeral_key_uuid',
  'id',
  'key_data',
  'launched_on',
  'locked',
  'memory_mb',
  'os_type',
  'reservation_id',
  'root_gb',
  'shutdown_terminate',
  'user_data',
  'vcpus',
  'vm_mode',
];
const VALID_SORT_KEYS = [...SORTABLE_KEYS, ...IGNORED_SORT_KEYS];
const VALID_SORT_KEYS_V273 = ['locked', ...VALID_SORT_KEYS.filter((k) => k !== 'locked')];

const notOneOf = (param: string, value: string, allowed: string[]) =>
  badRequest(
    `Invalid input for query parameters ${param}. Value: ${value}. '${value}' is not one of [${allowed.map((a) => `'${a}'`).join(', ')}]`,
  );

const last = (v: string | string[] | undefined) => (Array.isArray(v) ? v[v.length - 1] : v);
const all = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function parseBool(v: string, name: string): boolean {
  const parsed = parseBoolString(v);
  if (parsed !== undefined) return parsed;
  throw badRequest(
    `Invalid input received: Unrecognized value '${v}', acceptable values are: ${BOOL_STRINGS_SORTED.map((s) => `'${s}'`).join(', ')}`,
    { name },
  );
}

function parseTime(v: string, name: string): string {
  // nova parameter_types: format date-time; oslo parses naive times as UTC
  const withZone = /[zZ]|[+-]\d\d:?\d\d$/.test(v) ? v : `${v}Z`;
  const d = new Date(withZone);
  if (!/^\d{4}-\d{2}-\d{2}/.test(v) || Number.isNaN(d.getTime()))
    throw badRequest(`Invalid input for query parameters ${name}. Value: ${v}. '${v}' is not a 'date-time'`);
  return d.toISOString();
}

/** Non-admin whitelist by microversion (servers.py _get_server_search_options). */
function allowedForUser(mv: FastifyRequest['mv']): Set<string> {
  const s = new Set(['reservation_id', 'name', 'status', 'image', 'flavor', 'ip', 'changes-since', 'all_tenants']);
  if (mv.atLeast('2.5')) s.add('ip6');
  if (mv.atLeast('2.26')) for (const t of ['tags', 'tags-any', 'not-tags', 'not-tags-any']) s.add(t);
  if (mv.atLeast('2.66')) s.add('changes-before');
  if (mv.atLeast('2.73')) s.add('locked');
  if (mv.atLeast('2.83'))
    for (const t of ['availability_zone', 'key_name', 'task_state', 'vm_state', 'user_id']) s.add(t);
  return s;
}

export interface ParsedList {
  filter: ServerListFilter;
  page: PageRequest;
  empty: boolean;
}

export function parseServerList(request: FastifyRequest, raw: Q, detail: boolean, maxLimit: number): ParsedList {
  const ctx = request.ctx;
  const mv = request.mv;
  const q: Q = {};
  const whitelist = allowedForUser(mv);
  const admin = ctx.isAdmin;
  for (const [k, v] of Object.entries(raw)) {
    if (['limit', 'marker', 'sort_key', 'sort_dir'].includes(k) || admin || whitelist.has(k)) q[k] = v;
  }
  // the schema lets '_' parameters through (internal attributes); an admin's search options keep them
  // and servers.py rejects them (observed on Nova Zed, every microversion)
  const internal = admin ? Object.keys(raw).find((k) => k.startsWith('_')) : undefined;
  if (internal !== undefined) throw badRequest(`Invalid filter field: ${internal}.`);
  if (!mv.atLeast('2.26')) for (const t of ['tags', 'tags-any', 'not-tags', 'not-tags-any']) delete q[t];
  if (!mv.atLeast('2.66')) delete q['changes-before'];
  if (!mv.atLeast('2.73')) delete q.locked;

  let allTenants = false;
  if (q.all_tenants !== undefined) {
    const v = last(q.all_tenants) ?? '';
    allTenants = v === '' ? true : parseBool(v, 'all_tenants');
  }
  if (allTenants) authorize(ctx, `os_compute_api:servers:${detail ? 'detail' : 'index'}:get_all_tenants`);
  const f: ServerListFilter = { projectId: allTenants ? null : (ctx.projectId ?? '') };
  // tenant_id is an alias of project_id; either only narrows an all_tenants listing (servers.py
  // _get_servers forces the caller's project otherwise)
  const projectFilter = last(q.project_id) ?? last(q.tenant_id);
  if (allTenants && projectFilter !== undefined) f.projectId = projectFilter;

  let empty = false;
  const statuses = all(q.status);
  if (statuses.length) {
    const vm: string[] = [];
    const task: (string | null)[] = [];
    let anyTask = false;
    for (const st of statuses) {
      const m = statesForStatus(st.toUpperCase());
      if (!m) {
        if (mv.atLeast('2.38')) throw badRequest('Invalid status value');
        empty = true;
        continue;
      }
      vm.push(...m.vmStates);
      if (m.taskStates) task.push(...m.taskStates);
      else anyTask = true;
    }
    if (vm.includes('deleted') && !admin) throw forbidden('Only administrators may list deleted instances');
    if (vm.length) {
      f.vmStates = vm;
      empty = false;
    }
    if (!anyTask && task.length) f.taskStates = task;
  }
  const name = last(q.name) ?? last(q.display_name);
  if (name !== undefined) f.nameRegex = name;
  if (q.image !== undefined) f.imageRef = last(q.image);
  if (q.flavor !== undefined) f.flavorId = last(q.flavor);
  if (q.reservation_id !== undefined) f.reservationId = last(q.reservation_id);
  if (q.user_id !== undefined) f.userId = last(q.user_id);
  if (q.host !== undefined) f.host = last(q.host);
  if (q.availability_zone !== undefined) f.availabilityZone = last(q.availability_zone);
  if (q.ip !== undefined) f.ipRegex = last(q.ip);
  if (q.ip6 !== undefined) f.ip6Regex = last(q.ip6);
  if (q.locked !== undefined) f.locked = parseBool(last(q.locked) ?? '', 'locked');
  const csv = (k: string) => (q[k] === undefined ? undefined : (last(q[k]) ?? '').split(',').filter((t) => t !== ''));
  f.tagsAll = csv('tags');
  f.tagsAny = csv('tags-any');
  f.notTagsAll = csv('not-tags');
  f.notTagsAny = csv('not-tags-any');
  if (q['changes-since'] !== undefined) f.changesSince = parseTime(last(q['changes-since']) ?? '', 'changes-since');
  if (q['changes-before'] !== undefined) f.changesBefore = parseTime(last(q['changes-before']) ?? '', 'changes-before');
  if (f.changesSince && f.changesBefore && f.changesBefore < f.changesSince) {
    throw badRequest('The value of changes-since must be less than or equal to changes-before.');
  }
  // deleted servers are hidden unless asked for (deleted, changes-since or changes-before)
  if (admin && q.deleted !== undefined) f.deleted = parseBool(last(q.deleted) ?? '', 'deleted');
  else if (f.changesSince === undefined && f.changesBefore === undefined) f.deleted = false;
  if (f.vmStates?.includes('deleted')) f.deleted = undefined;

  const sortKeyRaw = last(q.sort_key) ?? 'created_at';
  const sortDirRaw = last(q.sort_dir) ?? 'desc';
  // the query schema checks every sort_key/sort_dir against its enum at every microversion
  const validKeys = mv.atLeast('2.73') ? VALID_SORT_KEYS_V273 : VALID_SORT_KEYS;
  for (const k of all(q.sort_key)) if (!validKeys.includes(k)) throw notOneOf('sort_key', k, validKeys);
  // sort_dir is free text in the schema; the database layer rejects it (InvalidInput, observed on Zed)
  for (const d of all(q.sort_dir))
    if (d !== 'asc' && d !== 'desc')
      throw badRequest("Invalid input received: Unknown sort direction, must be 'desc' or 'asc'");
  // keys of the ignore list are accepted and dropped (servers.py remove_invalid_sort_keys)
  const ignored = IGNORED_SORT_KEYS.includes(sortKeyRaw) && !(sortKeyRaw === 'locked' && mv.atLeast('2.73'));
  const sortKey = (ignored ? undefined : SORT_COLUMNS[sortKeyRaw]) ?? 'created_at';
  if ((sortKeyRaw === 'host' || sortKeyRaw === 'node') && !admin)
    throw forbidden(`Only administrators can sort servers by ${sortKeyRaw}`);
  let limit = maxLimit;
  if (q.limit !== undefined) {
    const l = last(q.limit) ?? '';
    if (!/^\d+$/.test(l))
      throw badRequest(`Invalid input for query parameters limit. Value: ${l}. '${l}' does not match '^[0-9]*$'`);
    limit = Math.min(Number(l), maxLimit);
  }
  return {
    filter: f,
    page: { sortKey, sortDir: sortDirRaw === 'asc' ? 'asc' : 'desc', limit, marker: last(q.marker) },
    empty,
  };
}
