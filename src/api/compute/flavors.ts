/** GET /flavors, /flavors/detail, /flavors/{id} (nova/api/openstack/compute/flavors.py). */
import type { FastifyRequest } from 'fastify';
import type { Runtime } from '../../runtime.js';
import { route, type RawQuery, type RouteDef } from '../../http/route-table.js';
import {
  invalidFilter,
  markerNotFound,
  queryNotDigits,
  queryNotOneOf as notOneOf,
} from '../../domain/compute-errors.js';
import { listFlavors, visibleFlavor, type FlavorRow } from '../../services/compute/flavor-service.js';
import { computeRoot } from './versions.js';
import { flavorBasic, flavorDetail } from './views/flavors.js';
import { flavorManageRoutes } from './flavor-manage.js';
import { flavorExtrasRoutes } from './flavor-extras.js';
import { parseBoolString } from '../../lib/bool-from-string.js';

/** Nova's is_public parsing: admins may ask for private (false) or all (None); others always get public + their access. */
function publicFilter(request: FastifyRequest, query: RawQuery): boolean | null {
  const raw = query.is_public;
  const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
  if (!request.ctx.isAdmin) return true;
  if (value === undefined) return true;
  const v = value.toLowerCase();
  if (v === 'none') return null;
  const parsed = parseBoolString(v);
  if (parsed !== undefined) return parsed;
  throw invalidFilter('is_public', value);
}

function intFilter(query: RawQuery, name: string): number | undefined {
  const raw = query[name];
  const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw invalidFilter(name, value);
  return Number(value);
}

const last = (v: string | string[] | undefined) => (Array.isArray(v) ? v[v.length - 1] : v);

const FLAVOR_SORT_KEYS: Record<string, keyof FlavorRow | null> = {
  created_at: 'created_at',
  description: 'description',
  disabled: 'disabled',
  ephemeral_gb: 'ephemeral',
  flavorid: 'id',
  id: 'internal_id',
  is_public: 'is_public',
  memory_mb: 'ram',
  name: 'name',
  root_gb: 'disk',
  rxtx_factor: 'rxtx_factor',
  swap: 'swap',
  updated_at: null,
  vcpu_weight: null,
  vcpus: 'vcpus',
};

/** Sorting (flavorid asc by default) and limit/marker paging, as Nova's flavor list. */
function page(rows: FlavorRow[], q: RawQuery, maxLimit: number): { rows: FlavorRow[]; next: string | null } {
  const key = last(q.sort_key) ?? 'flavorid';
  const dir = last(q.sort_dir) ?? 'asc';
  // schemas/flavors.py index_query: sort_key and sort_dir are enums, limit a digit string (jsonschema's messages)
  const all = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
  for (const k of all(q.sort_key))
    if (!(k in FLAVOR_SORT_KEYS)) throw notOneOf('sort_key', k, Object.keys(FLAVOR_SORT_KEYS));
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
  const marker = last(q.marker);
  if (marker !== undefined) {
    const i = sorted.findIndex((f) => f.id === marker);
    if (i < 0) throw markerNotFound(marker);
    start = i + 1;
  }
  let limit = maxLimit;
  if (q.limit !== undefined) {
    const l = String(q.limit);
    if (!/^\d+$/.test(l)) throw queryNotDigits('limit', l);
    limit = Math.min(Number(l), maxLimit);
  }
  const out = sorted.slice(start, start + limit);
  const next = out.length === limit ? (out.at(-1)?.id ?? null) : null;
  return { rows: out, next };
}

export function flavorRoutes(rt: Runtime): RouteDef[] {
  const list = (detail: boolean) => async (request: FastifyRequest, query: RawQuery) => {
    const rows = await listFlavors(rt, {
      isPublic: publicFilter(request, query),
      projectId: request.ctx.isAdmin ? null : request.ctx.projectId,
      minDisk: intFilter(query, 'minDisk'),
      minRam: intFilter(query, 'minRam'),
    });
    const root = computeRoot(rt, request);
    const { rows: pageRows, next } = page(rows, query, rt.config.compute.maxListLimit);
    const body: Record<string, unknown> = {
      flavors: pageRows.map((f) =>
        detail ? flavorDetail(f, root, request.mv, true) : flavorBasic(f, root, request.mv),
      ),
    };
    if (next) {
      const params = new URLSearchParams({
        ...Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)])),
        marker: next,
      });
      body.flavors_links = [
        { rel: 'next', href: `${root}/v2.1/flavors${detail ? '/detail' : ''}?${params.toString()}` },
      ];
    }
    return body;
  };
  return [
    route({ method: 'GET', url: '/flavors', handler: (request) => list(false)(request, request.query) }),
    route({ method: 'GET', url: '/flavors/detail', handler: (request) => list(true)(request, request.query) }),
    route({
      method: 'GET',
      url: '/flavors/:flavorId',
      handler: async (request) => {
        const f = await visibleFlavor(rt, request.ctx, request.params.flavorId);
        return { flavor: flavorDetail(f, computeRoot(rt, request), request.mv, true) };
      },
    }),
    ...flavorManageRoutes(rt),
    ...flavorExtrasRoutes(rt),
  ];
}
