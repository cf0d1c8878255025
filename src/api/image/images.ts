/** Glance v2 images subset: list, show, create (metadata only), delete (glance/api/v2/images.py). */
import { assertPropertyAllowed, imageAsSeenBy } from '../../services/image/property-protection-service.js';
import type { Runtime } from '../../runtime.js';
import { SchemaError, route, type RawQuery, type RouteDef } from '../../http/route-table.js';
import { compileSchema } from '../../http/validation.js';
import { badRequest, forbidden } from '../../domain/errors.js';
import { allowed } from '../../policy/check.js';
import {
  createImage,
  deleteImage,
  findVisibleImage,
  listVisibleImages,
  notAuthorized,
  IMAGE_FILTER_COLUMNS,
  type ImageFilterColumn,
  type ImageRow,
} from '../../services/image/image-service.js';
import { RESERVED, READ_ONLY, imageCreate, type ImageCreateBody } from './schemas/images.js';
import { imageView } from './views/images.js';
import { importMethods } from '../../services/image/image-import-service.js';
import { imageOwner, visibleImage } from './image-lookup.js';

type Q = RawQuery;

const DEFAULT_LIMIT = 25; // glance limit_param_default
const MAX_LIMIT = 1000; // glance api_limit_max
const SORT_KEYS = [
  'name',
  'status',
  'container_format',
  'disk_format',
  'size',
  'id',
  'created_at',
  'updated_at',
  'min_disk',
  'min_ram',
  'visibility',
  'owner',
];

const one = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[v.length - 1] : v);

type Dir = 'asc' | 'desc';

/** sort_key/sort_dir (repeatable) or the newer sort=key[:dir],… (glance/api/v2/images.py _get_sorting_params) */
function sortOrder(q: Q): Array<{ key: keyof ImageRow; dir: Dir }> {
  const checkDir = (d: string): Dir => {
    if (d !== 'asc' && d !== 'desc') throw badRequest(`Invalid sort direction: ${d}`);
    return d;
  };
  let pairs: Array<[string, Dir]>;
  if (q.sort !== undefined) {
    if (q.sort_key !== undefined || q.sort_dir !== undefined) {
      throw badRequest('Old and new sorting syntax cannot be combined');
    }
    pairs = [q.sort]
      .flat()
      .join(',')
      .split(',')
      .map((part) => {
        const [k = '', d = 'desc'] = part.trim().split(':');
        return [k.trim(), checkDir(d.trim())];
      });
  } else {
    const keys = q.sort_key === undefined ? ['created_at'] : [q.sort_key].flat();
    const dirs = q.sort_dir === undefined ? [] : [q.sort_dir].flat().map(checkDir);
    if (dirs.length > 1 && dirs.length !== keys.length)
      throw badRequest('Number of sort dirs does not match the number of sort keys');
    pairs = keys.map((k, i) => [k, dirs[i] ?? dirs[0] ?? 'desc']);
  }
  for (const [k] of pairs) {
    if (!SORT_KEYS.includes(k))
      throw badRequest(`Invalid sort key: ${k}. It must be one of the following: ${SORT_KEYS.join(', ')}.`);
  }
  // Glance appends created_at and id as tie-breakers, in the first key's direction
  const order = pairs.map(([k, d]) => ({ key: k as keyof ImageRow, dir: d }));
  for (const k of ['created_at', 'id'] as const)
    if (!pairs.some(([x]) => x === k)) order.push({ key: k, dir: pairs[0]?.[1] ?? 'desc' });
  return order;
}

/** Query parameters with their own meaning; any other one filters on a custom property. */
const KNOWN_PARAMS = new Set([
  'limit',
  'marker',
  'sort',
  'sort_key',
  'sort_dir',
  'name',
  'status',
  'visibility',
  'owner',
  'os_hidden',
  'member_status',
  'tag',
  'size_min',
  'size_max',
  ...IMAGE_FILTER_COLUMNS,
  'protected',
  'container_format',
  'disk_format',
]);

/** size_min/size_max: Glance's int() of the value, or its 400 */
function sizeParam(q: Q, name: string): number | undefined {
  const v = one(q[name]);
  if (v === undefined) return undefined;
  if (!/^\s*[-+]?\d+\s*$/.test(v)) throw badRequest('Unable to filter on a range with a non-numeric value.');
  return Number(v);
}

const NUMERIC_COLUMNS = new Set<ImageFilterColumn>(['size', 'virtual_size', 'min_disk', 'min_ram']);

/**
 * Parameters named like a column of Glance's images table filter by equality on it (?size=2636 is
 * an exact size, not a custom property). A non-integer value for a numeric column matches nothing,
 * as the database comparison does in Glance: null says so.
 */
function columnFilters(q: Q): Partial<Record<ImageFilterColumn, string | number>> | null {
  const out: Partial<Record<ImageFilterColumn, string | number>> = {};
  for (const col of IMAGE_FILTER_COLUMNS) {
    const v = one(q[col]);
    if (v === undefined) continue;
    if (NUMERIC_COLUMNS.has(col)) {
      if (!/^\d+$/.test(v.trim())) return null;
      out[col] = Number(v);
    } else out[col] = v;
  }
  return out;
}

function boolParam(q: Q, name: string): boolean | undefined {
  const raw = one(q[name]);
  if (raw === undefined) return undefined;
  // glance/api/v2/images.py lowers os_hidden's value but not protected's
  const v = name === 'os_hidden' ? raw.toLowerCase() : raw;
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw badRequest(`Invalid value '${v}' for '${name}' filter. Valid values are 'true' or 'false'.`);
}

function compare(a: ImageRow, b: ImageRow, order: ReturnType<typeof sortOrder>): number {
  for (const { key, dir } of order) {
    const x = a[key];
    const y = b[key];
    if (x === y) continue;
    // NULLs sort first ascending, as in PostgreSQL's DESC NULLS FIRST mirror and SQLite's default
    const c = x === null ? -1 : y === null ? 1 : x < y ? -1 : 1;
    return dir === 'asc' ? c : -c;
  }
  return 0;
}

function parseLimit(q: Q): number {
  const raw = one(q.limit);
  if (raw === undefined) return DEFAULT_LIMIT;
  if (!/^-?\d+$/.test(raw)) throw badRequest('limit param must be an integer');
  const n = Number(raw);
  if (n < 0) throw badRequest('limit param must be positive');
  return Math.min(n, MAX_LIMIT);
}

/** Glance's create body checks: read-only and reserved names (403) before the schema (400). */
function assertCreateBody(body: unknown): asserts body is ImageCreateBody {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw badRequest('Body expected in request.');
  for (const k of Object.keys(body)) {
    if (READ_ONLY.includes(k)) throw forbidden(`Attribute '${k}' is read-only.`);
    // os_glance_* names are Glance's own (the import's lock and store lists): reserved for everyone
    if (RESERVED.includes(k) || k.startsWith('os_glance')) throw forbidden(`Attribute '${k}' is reserved.`);
  }
  const v = compileSchema(imageCreate['1']).check(body);
  if (v) throw new SchemaError('body', v);
}

const CORE = new Set([
  'id',
  'name',
  'visibility',
  'protected',
  'os_hidden',
  'owner',
  'container_format',
  'disk_format',
  'min_ram',
  'min_disk',
  'tags',
]);

export function imageRoutes(rt: Runtime): RouteDef[] {
  return [
    route({
      method: 'GET',
      url: '/v2/images',
      policy: 'get_images',
      handler: async (request) => {
        const q = request.query;
        const visibility = one(q.visibility);
        if (visibility !== undefined && !['public', 'private', 'shared', 'community', 'all'].includes(visibility)) {
          throw badRequest(`Invalid visibility value: ${visibility}`);
        }
        const memberStatus = one(q.member_status) ?? 'accepted';
        if (!['pending', 'accepted', 'rejected', 'all'].includes(memberStatus))
          throw badRequest(`Invalid status: ${memberStatus}`);
        const limit = parseLimit(q);
        const order = sortOrder(q);
        const columns = columnFilters(q);
        const rows = await listVisibleImages(rt, {
          projectId: request.ctx.isAdmin ? null : (request.ctx.projectId ?? ''),
          callerProject: request.ctx.projectId,
          visibility,
          memberStatus,
          columns: columns ?? {},
          nothing: columns === null,
          name: one(q.name),
          status: one(q.status),
          owner: one(q.owner),
          hidden: boolParam(q, 'os_hidden') === true,
          containerFormat: one(q.container_format),
          diskFormat: one(q.disk_format),
          protected: boolParam(q, 'protected'),
          sizeMin: sizeParam(q, 'size_min'),
          sizeMax: sizeParam(q, 'size_max'),
          tags: q.tag === undefined ? undefined : [q.tag].flat(),
          properties: Object.fromEntries(
            Object.entries(q)
              .filter(([k]) => !KNOWN_PARAMS.has(k))
              .map(([k, v]) => [k, one(v) ?? '']),
          ),
        });
        rows.sort((a, b) => compare(a, b, order));
        let start = 0;
        const marker = one(q.marker);
        if (marker !== undefined) {
          const i = rows.findIndex((r) => r.id === marker);
          if (i < 0) throw badRequest(`No image found with ID ${marker}`);
          start = i + 1;
        }
        const pageRows = rows.slice(start, start + limit);
        const params = new URLSearchParams();
        for (const [k, v] of Object.entries(q))
          if (k !== 'marker' && v !== undefined) for (const x of [v].flat()) params.append(k, x);
        const first = params.toString();
        const body: Record<string, unknown> = {
          images: pageRows.map((r) => imageView(imageAsSeenBy(rt, request.ctx, r))),
          first: first ? `/v2/images?${first}` : '/v2/images',
          schema: '/v2/schemas/images',
        };
        const lastRow = pageRows.at(-1);
        if (lastRow && pageRows.length === limit) {
          params.set('marker', lastRow.id);
          body.next = `/v2/images?${params.toString()}`;
        }
        return body;
      },
    }),
    route({
      method: 'GET',
      url: '/v2/images/:imageId',
      policy: 'get_image',
      handler: async (request) =>
        imageView(imageAsSeenBy(rt, request.ctx, await findVisibleImage(rt, request.ctx, request.params.imageId))),
    }),
    route({
      // not through the route's body schema: Glance answers read-only names (403) before the schema (400);
      // add_image stays in the handler for its owner-specific refusal
      method: 'POST',
      url: '/v2/images',
      policy: 'add_image',
      handler: async (request, reply) => {
        const ctx = request.ctx;
        const b = request.body;
        assertCreateBody(b);
        const owner = b.owner ?? ctx.projectId;
        if (!allowed(ctx, 'add_image', { project_id: owner })) {
          if (b.owner !== undefined && !ctx.isAdmin)
            throw forbidden(`You are not permitted to create images owned by '${String(b.owner)}'.`);
          throw notAuthorized('add_image');
        }
        const visibility = b.visibility ?? 'shared';
        if (visibility === 'public' && !allowed(ctx, 'publicize_image')) throw notAuthorized('publicize_image');
        if (visibility === 'community' && !allowed(ctx, 'communitize_image', { project_id: owner }))
          throw notAuthorized('communitize_image');
        const props = Object.fromEntries(Object.entries(b).filter(([k]) => !CORE.has(k)));
        for (const k of Object.keys(props)) assertPropertyAllowed(rt, ctx, k, 'create');
        const created = await createImage(rt, {
          id: b.id,
          name: b.name ?? null,
          visibility,
          owner: owner ?? null,
          containerFormat: b.container_format ?? null,
          diskFormat: b.disk_format ?? null,
          minDisk: b.min_disk ?? 0,
          minRam: b.min_ram ?? 0,
          protected: b.protected === true,
          osHidden: b.os_hidden === true,
          tags: b.tags ?? [],
          properties: props,
        });
        // Glance names its import methods on the create answer: openstacksdk's --import reads them here
        const methods = importMethods(rt);
        if (methods.length > 0) reply.header('openstack-image-import-methods', methods.join(','));
        return reply
          .code(201)
          .header('location', `/v2/images/${created.id}`)
          .send(imageView(imageAsSeenBy(rt, ctx, created)));
      },
    }),
    route({
      method: 'DELETE',
      url: '/v2/images/:imageId',
      policy: 'delete_image',
      target: imageOwner(rt),
      handler: async (request, reply) => {
        // the row the policy target loaded (404 before 403); deleted by the id the client gave
        await visibleImage(rt, request);
        await deleteImage(rt, request.params.imageId);
        return reply.code(204).send();
      },
    }),
  ];
}
