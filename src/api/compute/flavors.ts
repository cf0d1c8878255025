/** GET /flavors, /flavors/detail, /flavors/{id} (nova/api/openstack/compute/flavors.py). */
import type { FastifyRequest } from 'fastify';
import type { Runtime } from '../../runtime.js';
import type { RouteDef } from '../../http/route-table.js';
import { DomainError } from '../../domain/errors.js';
import { listFlavors, visibleFlavor, type FlavorRow } from '../../services/compute/flavor-service.js';
import { computeRoot } from './versions.js';
import { flavorBasic, flavorDetail } from './views/flavors.js';
import { flavorManageRoutes } from './flavor-manage.js';
import { flavorExtrasRoutes } from './flavor-extras.js';

type Q = Record<string, string | string[] | undefined>;

/** Nova's is_public parsing: admins may ask for private (false) or all (None); others always get public + their access. */
function publicFilter(request: FastifyRequest): boolean | null {
  const raw = (request.query as Q).is_public;
  const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
  if (!request.ctx.isAdmin) return true;
  if (value === undefined) return true;
  const v = value.toLowerCase();
  if (v === 'none') return null;
  if (['1', 't', 'true', 'on', 'y', 'yes'].includes(v)) return true;
  if (['0', 'f', 'false', 'off', 'n', 'no'].includes(v)) return false;
  throw new DomainError('BAD_REQUEST', 400, `Invalid is_public filter [${value}]`);
}

function intFilter(request: FastifyRequest, name: string): number | undefined {
  const raw = (request.query as Q)[name];
  const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new DomainError('BAD_REQUEST', 400, `Invalid ${name} filter [${value}]`);
  return Number(value);
}

const FLAVOR_SORT_KEYS: Record<string, keyof FlavorRow | null> = {
  created_at: 'created_at', description: 'description', disabled: 'disabled', ephemeral_gb: 'ephemeral', flavorid: 'id', id: 'id',
  is_public: 'is_public', memory_mb: 'ram', name: 'name', root_gb: 'disk', rxtx_factor: 'rxtx_factor', swap: 'swap',
  updated_at: null, vcpu_weight: null, vcpus: 'vcpus',
};

const notOneOf = (param: string, value: string, allowed: string[]) => new DomainError('BAD_REQUEST', 400,
  `Invalid input for query parameters ${param}. Value: ${value}. '${value}' is not one of [${allowed.map((a) => `'${a}'`).join(', ')}]`);

/** Sorting (flavorid asc by default) and limit/marker paging, as Nova's flavor list. */
function page(rows: FlavorRow[], request: FastifyRequest, maxLimit: number): { rows: FlavorRow[]; next: string | null } {
  const q = request.query as Q;
  const key = (q.sort_key as string | undefined) ?? 'flavorid';
  const dir = (q.sort_dir as string | undefined) ?? 'asc';
  // schemas/flavors.py index_query: sort_key and sort_dir are enums, limit a digit string (jsonschema's messages)
  const all = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
  for (const k of all(q.sort_key)) if (!(k in FLAVOR_SORT_KEYS)) throw notOneOf('sort_key', k, Object.keys(FLAVOR_SORT_KEYS));
  for (const d of all(q.sort_dir)) if (d !== 'asc' && d !== 'desc') throw notOneOf('sort_dir', d, ['asc', 'desc']);
  // keys stackbox keeps no column for (updated_at, vcpu_weight) sort by id
  const col = FLAVOR_SORT_KEYS[key] ?? 'id';
  const sorted = [...rows].sort((a, b) => {
    const x = a[col] ?? '';
    const y = b[col] ?? '';
    const c = x < y ? -1 : x > y ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    return dir === 'asc' ? c : -c;
  });
  let start = 0;
  const marker = q.marker as string | undefined;
  if (marker !== undefined) {
    const i = sorted.findIndex((f) => f.id === marker);
    if (i < 0) throw new DomainError('BAD_REQUEST', 400, `marker [${marker}] not found`);
    start = i + 1;
  }
  let limit = maxLimit;
  if (q.limit !== undefined) {
    const l = String(q.limit);
    if (!/^\d+$/.test(l)) throw new DomainError('BAD_REQUEST', 400, `Invalid input for query parameters limit. Value: ${l}. '${l}' does not match '^[0-9]*$'`);
    limit = Math.min(Number(l), maxLimit);
  }
  const out = sorted.slice(start, start + limit);
  const next = out.length === limit && out.length > 0 ? out[out.length - 1].id : null;
  return { rows: out, next };
}

export function flavorRoutes(rt: Runtime): RouteDef[] {
  const list = (detail: boolean) => async (request: FastifyRequest) => {
    const rows = await listFlavors(rt, {
      isPublic: publicFilter(request),
      projectId: request.ctx.isAdmin ? null : request.ctx.projectId,
      minDisk: intFilter(request, 'minDisk'),
      minRam: intFilter(request, 'minRam'),
    });
    const root = computeRoot(rt, request);
    const { rows: pageRows, next } = page(rows, request, rt.config.compute.maxListLimit);
    const body: Record<string, unknown> = {
      flavors: pageRows.map((f) => (detail ? flavorDetail(f, root, request.mv, true) : flavorBasic(f, root, request.mv))),
    };
    if (next) {
      const params = new URLSearchParams({ ...Object.fromEntries(Object.entries(request.query as Record<string, string>)), marker: next });
      body.flavors_links = [{ rel: 'next', href: `${root}/v2.1/flavors${detail ? '/detail' : ''}?${params.toString()}` }];
    }
    return body;
  };
  return [
    { method: 'GET', url: '/flavors', handler: list(false) },
    { method: 'GET', url: '/flavors/detail', handler: list(true) },
    {
      method: 'GET', url: '/flavors/:flavorId',
      handler: async (request) => {
        const id = (request.params as { flavorId: string }).flavorId;
        const f = await visibleFlavor(rt, request.ctx, id);
        return { flavor: flavorDetail(f, computeRoot(rt, request), request.mv, true) };
      },
    },
    ...flavorManageRoutes(rt),
    ...flavorExtrasRoutes(rt),
  ];
}
