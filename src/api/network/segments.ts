/**
 * /v2.0/segments (segment extension; admin only). Neutron reads the segment before its policy:
 * an unknown id is SegmentNotFound for anyone, a known one HTTPNotFound for a non-admin reader or
 * writer, and a non-admin create fails the policy (403). A list shows a non-admin nothing.
 */
import type { FastifyRequest } from 'fastify';
import type { Runtime } from '../../runtime.js';
import { route, type RouteDef } from '../../http/route-table.js';
import {
  createSegmentFor,
  deleteSegmentFor,
  listSegmentsFor,
  showSegment,
  updateSegmentFor,
} from '../../services/network/segment-service.js';
import {
  invalidAttribute,
  invalidFilter,
  plainBadRequest,
  requiredAttributeMissing,
  resourceNotFound,
  segmentNotFound,
} from '../../domain/ports/network-errors.js';
import { neutronAllowed, type NeutronRouteTarget } from '../../policy/network-rules.js';
import { isUuidLike } from '../../lib/ids.js';
import { pyStr } from '../../lib/python-repr.js';
import { isRecord, queryValues, resourceBody, selectFields, setAttributes, type HasQuery } from './request.js';
import { segmentView } from './views/segments.js';
import { listBody } from './paging.js';
import { networkRoot } from './extensions.js';
import type { ProviderRequest } from '../../domain/ports/provider.js';

const CREATE_ATTRS = [
  'network_id',
  'network_type',
  'physical_network',
  'segmentation_id',
  'name',
  'description',
  'tenant_id',
  'project_id',
] as const;
const UPDATE_ATTRS = ['name', 'description'] as const;
const READ_ONLY = [
  'id',
  'network_id',
  'network_type',
  'physical_network',
  'segmentation_id',
  'tenant_id',
  'project_id',
];
/** the attributes a list filters on (is_filter in the segment and standard-attr definitions) */
const FILTERS = ['id', 'network_id', 'name', 'description', 'network_type', 'physical_network'];
/** what the list accepts besides filters (api_common) */
const LIST_PARAMS = ['fields', 'sort_key', 'sort_dir', 'limit', 'marker', 'page_reverse'];

const admin = (request: FastifyRequest, rule: string) => neutronAllowed(request.ctx, rule, { project_id: '' });

/** type:string_or_none of a name or description (NAME_FIELD_SIZE 255, DESCRIPTION 255) */
function stringOrNone(b: Record<string, unknown>, key: string): string | null | undefined {
  const v = b[key];
  if (v === undefined || v === null) return v;
  if (typeof v !== 'string') throw invalidAttribute(key, `'${pyStr(v)}' is not a valid string`);
  if (v.length > 255) throw invalidAttribute(key, `'${v}' exceeds maximum length of 255`);
  return v;
}

/** physical_network (type:string, 64) and network_type (type:string, 32) */
function providerString(b: Record<string, unknown>, key: string, max: number): string | undefined {
  const v = b[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw invalidAttribute(key, `'${pyStr(v)}' is not a valid string`);
  if (v.length > max) throw invalidAttribute(key, `'${v}' exceeds maximum length of ${max}`);
  return v;
}

/** segmentation_id through convert_to_int */
function segmentationId(b: Record<string, unknown>): number | undefined {
  const raw = b.segmentation_id;
  if (raw === undefined || raw === null) return undefined;
  const n =
    typeof raw === 'number' && Number.isInteger(raw)
      ? raw
      : typeof raw === 'string' && /^\s*[+-]?\d+\s*$/.test(raw)
        ? Number(raw)
        : NaN;
  if (!Number.isFinite(n)) throw invalidAttribute('segmentation_id', `'${pyStr(raw)}' is not an integer`);
  return n;
}

function createBody(body: unknown) {
  const b = resourceBody(body, 'segment', CREATE_ATTRS);
  if (b.network_id === undefined) throw requiredAttributeMissing('network_id');
  if (b.network_type === undefined) throw requiredAttributeMissing('network_type');
  if (typeof b.network_id !== 'string' || !isUuidLike(b.network_id))
    throw invalidAttribute('network_id', `'${pyStr(b.network_id)}' is not a valid UUID`);
  const provider: ProviderRequest = {
    networkType: providerString(b, 'network_type', 32),
    physicalNetwork: providerString(b, 'physical_network', 64),
    segmentationId: segmentationId(b),
  };
  return {
    b,
    spec: {
      networkId: b.network_id,
      provider,
      name: stringOrNone(b, 'name'),
      description: stringOrNone(b, 'description'),
    },
  };
}

function updateBody(body: unknown): Record<string, unknown> {
  if (isRecord(body) && isRecord(body.segment)) {
    const ro = Object.keys(body.segment).find((k) => READ_ONLY.includes(k));
    if (ro) throw plainBadRequest(`Cannot update read-only attribute ${ro}`);
  }
  return resourceBody(body, 'segment', UPDATE_ATTRS);
}

function listFilters(request: HasQuery) {
  const unknown = Object.keys(request.query).filter((k) => !FILTERS.includes(k) && !LIST_PARAMS.includes(k));
  if (unknown.length > 0) throw invalidFilter(unknown);
  return {
    ids: queryValues(request, 'id'),
    networkIds: queryValues(request, 'network_id'),
    names: queryValues(request, 'name'),
    descriptions: queryValues(request, 'description'),
    networkTypes: queryValues(request, 'network_type'),
    physicalNetworks: queryValues(request, 'physical_network'),
  };
}

export function segmentRoutes(rt: Runtime): Array<RouteDef<NeutronRouteTarget>> {
  /** the segment first (SegmentNotFound), then the admin-only rule (HTTPNotFound) */
  const visible = async (request: FastifyRequest & { params: { segmentId: string } }, rule: string) => {
    const s = await showSegment(rt, request.params.segmentId);
    if (!admin(request, rule)) throw resourceNotFound();
    return s;
  };
  return [
    route({
      method: 'GET',
      url: '/segments',
      policy: 'get_segment',
      handler: async (request) => {
        const filters = listFilters(request);
        const rows = admin(request, 'get_segment') ? await listSegmentsFor(rt, filters) : [];
        return listBody(
          request,
          'segments',
          `${networkRoot(rt, request)}/v2.0/segments`,
          rows.map(segmentView),
          segmentNotFound,
        );
      },
    }),
    route({
      method: 'GET',
      url: '/segments/:segmentId',
      policy: 'get_segment',
      handler: async (request) => ({
        segment: selectFields(request, segmentView(await visible(request, 'get_segment'))),
      }),
    }),
    route({
      method: 'POST',
      url: '/segments',
      policy: 'create_segment',
      target: async (request) => {
        const { b } = createBody(request.body);
        return { target: { project_id: request.ctx.projectId ?? '' }, attributes: setAttributes(b, CREATE_ATTRS) };
      },
      handler: async (request, reply) => {
        const created = await createSegmentFor(rt, createBody(request.body).spec);
        reply.code(201);
        return { segment: selectFields(request, segmentView(created)) };
      },
    }),
    route({
      method: 'PUT',
      url: '/segments/:segmentId',
      policy: 'update_segment',
      handler: async (request) => {
        const b = updateBody(request.body);
        const s = await visible(request, 'update_segment');
        const updated = await updateSegmentFor(rt, s.id, {
          name: stringOrNone(b, 'name'),
          description: stringOrNone(b, 'description'),
        });
        return { segment: selectFields(request, segmentView(updated)) };
      },
    }),
    route({
      method: 'DELETE',
      url: '/segments/:segmentId',
      policy: 'delete_segment',
      handler: async (request, reply) => {
        await deleteSegmentFor(rt, (await visible(request, 'delete_segment')).id);
        return reply.code(204).send();
      },
    }),
  ];
}
