/**
 * /v2.0/metering/metering-labels and /v2.0/metering/metering-label-rules (metering and
 * metering_source_and_destination_fields extensions): create, list, show, delete; neither is
 * ever updated. Admin-only writes; a project reader sees its own project's labels.
 */
import type { FastifyRequest } from 'fastify';
import type { Runtime } from '../../runtime.js';
import { route, type RouteDef } from '../../http/route-table.js';
import {
  createMeteringLabelFor,
  createMeteringRuleFor,
  deleteMeteringLabelFor,
  deleteMeteringRuleFor,
  listMeteringLabelsFor,
  listMeteringRulesFor,
  showMeteringLabel,
  showMeteringRule,
  type MeteringLabelRuleRow,
} from '../../services/network/metering-service.js';
import {
  invalidAttribute,
  invalidInput,
  meteringLabelNotFound,
  meteringLabelRuleNotFound,
  requiredAttributeMissing,
  resourceNotFound,
} from '../../domain/ports/network-errors.js';
import { neutronAllowed, type NeutronRouteTarget } from '../../policy/network-rules.js';
import { perRequest } from '../../http/request-memo.js';
import { pyStr } from '../../lib/python-repr.js';
import {
  optString,
  projectFilter,
  queryValues,
  requireOwnProject,
  resourceBody,
  selectFields,
  setAttributes,
  type HasQuery,
} from './request.js';
import { meteringLabelView, meteringRuleView } from './views/metering.js';
import { listBody } from './paging.js';
import { networkRoot } from './extensions.js';
import { parseBoolString } from '../../lib/bool-from-string.js';

const LABEL_ATTRS = ['name', 'description', 'shared', 'tenant_id', 'project_id'] as const;
const RULE_ATTRS = [
  'metering_label_id',
  'direction',
  'excluded',
  'remote_ip_prefix',
  'source_ip_prefix',
  'destination_ip_prefix',
  'tenant_id',
  'project_id',
] as const;

/** neutron_lib convert_to_boolean (oslo strutils.bool_from_string, strict) */
function convertBool(v: unknown): boolean {
  if (typeof v === 'boolean') return v;
  const parsed = typeof v === 'number' || typeof v === 'string' ? parseBoolString(String(v)) : undefined;
  if (parsed !== undefined) return parsed;
  throw invalidInput(`'${typeof v === 'string' ? v : pyStr(v)}' cannot be converted to boolean`);
}

function boolQuery(request: HasQuery, name: string): number | undefined {
  const v = queryValues(request, name)?.at(-1);
  return v === undefined ? undefined : convertBool(v) ? 1 : 0;
}

/** oslo uuidutils.is_uuid_like */
const uuidLike = (s: string) =>
  /^[0-9a-f]{32}$/.test(
    s
      .toLowerCase()
      .replace(/^urn:uuid:/, '')
      .replace(/[{}-]/g, ''),
  );

/** The checks of the attribute map, in Neutron's order: required, then conversions, then validators. */
function ruleBody(b: Record<string, unknown>) {
  if (b.metering_label_id === undefined) throw requiredAttributeMissing('metering_label_id');
  if (b.direction === undefined) throw requiredAttributeMissing('direction');
  const excluded = b.excluded === undefined ? false : convertBool(b.excluded);
  const labelId = b.metering_label_id;
  if (typeof labelId !== 'string' || !uuidLike(labelId))
    throw invalidAttribute('metering_label_id', `'${pyStr(labelId)}' is not a valid UUID`);
  const direction = b.direction;
  if (direction !== 'ingress' && direction !== 'egress')
    throw invalidAttribute('direction', `${pyStr(direction)} is not in valid_values`);
  optString(b, 'tenant_id');
  optString(b, 'project_id');
  return {
    labelId,
    direction: direction === 'ingress' ? ('ingress' as const) : ('egress' as const),
    excluded,
    remoteIpPrefix: b.remote_ip_prefix,
    sourceIpPrefix: b.source_ip_prefix,
    destinationIpPrefix: b.destination_ip_prefix,
  };
}

/** A rule has no project_id: the reader half of get_metering_label_rule has nothing to match. */
const RULE_TARGET = { project_id: '' };

export function meteringRoutes(rt: Runtime): Array<RouteDef<NeutronRouteTarget>> {
  /** the label the caller finds; one it may not read is webob's plain 404 (a GET or DELETE failing its policy) */
  const loadLabel = perRequest(async (request: FastifyRequest & { params: { labelId: string } }) => {
    const label = await showMeteringLabel(rt, request.ctx, request.params.labelId);
    if (!neutronAllowed(request.ctx, 'get_metering_label', { project_id: label.project_id })) throw resourceNotFound();
    return label;
  });
  const loadRule = perRequest(async (request: FastifyRequest & { params: { ruleId: string } }) => {
    const rule = await showMeteringRule(rt, request.params.ruleId);
    if (!neutronAllowed(request.ctx, 'get_metering_label_rule', RULE_TARGET)) throw resourceNotFound();
    return rule;
  });
  const rulesUrl = (request: FastifyRequest) => `${networkRoot(rt, request)}/v2.0/metering/metering-label-rules`;
  return [
    route({
      method: 'GET',
      url: '/metering/metering-labels',
      policy: 'get_metering_label',
      handler: async (request) => {
        const rows = await listMeteringLabelsFor(rt, request.ctx, {
          ids: queryValues(request, 'id'),
          names: queryValues(request, 'name'),
          descriptions: queryValues(request, 'description'),
          projectIds: projectFilter(request),
          shared: boolQuery(request, 'shared'),
        });
        const visible = rows.filter((l) =>
          neutronAllowed(request.ctx, 'get_metering_label', { project_id: l.project_id }),
        );
        return listBody(
          request,
          'metering_labels',
          `${networkRoot(rt, request)}/v2.0/metering/metering-labels`,
          visible.map(meteringLabelView),
          meteringLabelNotFound,
        );
      },
    }),
    route({
      method: 'GET',
      url: '/metering/metering-labels/:labelId',
      policy: 'get_metering_label',
      handler: async (request) => ({
        metering_label: selectFields(request, meteringLabelView(await loadLabel(request))),
      }),
    }),
    route({
      method: 'POST',
      url: '/metering/metering-labels',
      policy: 'create_metering_label',
      target: async (request) => {
        const b = resourceBody(request.body, 'metering_label', LABEL_ATTRS);
        return {
          target: { project_id: requireOwnProject(request, b) },
          attributes: setAttributes(b, LABEL_ATTRS),
        };
      },
      handler: async (request, reply) => {
        const b = resourceBody(request.body, 'metering_label', LABEL_ATTRS);
        const shared = b.shared === undefined ? false : convertBool(b.shared);
        const label = await createMeteringLabelFor(rt, {
          projectId: requireOwnProject(request, b),
          name: optString(b, 'name'),
          description: optString(b, 'description', 1024),
          shared,
        });
        reply.code(201);
        return { metering_label: selectFields(request, meteringLabelView(label)) };
      },
    }),
    route({
      method: 'DELETE',
      url: '/metering/metering-labels/:labelId',
      policy: 'delete_metering_label',
      target: async (request) => ({ target: { project_id: (await loadLabel(request)).project_id } }),
      handler: async (request, reply) => {
        await deleteMeteringLabelFor(rt, await loadLabel(request));
        return reply.code(204).send();
      },
    }),
    route({
      method: 'GET',
      url: '/metering/metering-label-rules',
      policy: 'get_metering_label_rule',
      handler: async (request) => {
        const rows = await listMeteringRulesFor(rt, {
          ids: queryValues(request, 'id'),
          labelIds: queryValues(request, 'metering_label_id'),
          directions: queryValues(request, 'direction'),
          excluded: boolQuery(request, 'excluded'),
          remoteIpPrefixes: queryValues(request, 'remote_ip_prefix'),
          sourceIpPrefixes: queryValues(request, 'source_ip_prefix'),
          destinationIpPrefixes: queryValues(request, 'destination_ip_prefix'),
        });
        const visible: MeteringLabelRuleRow[] = neutronAllowed(request.ctx, 'get_metering_label_rule', RULE_TARGET)
          ? rows
          : [];
        return listBody(
          request,
          'metering_label_rules',
          rulesUrl(request),
          visible.map(meteringRuleView),
          meteringLabelRuleNotFound,
        );
      },
    }),
    route({
      method: 'GET',
      url: '/metering/metering-label-rules/:ruleId',
      policy: 'get_metering_label_rule',
      handler: async (request) => ({
        metering_label_rule: selectFields(request, meteringRuleView(await loadRule(request))),
      }),
    }),
    route({
      method: 'POST',
      url: '/metering/metering-label-rules',
      policy: 'create_metering_label_rule',
      target: async (request) => {
        const b = resourceBody(request.body, 'metering_label_rule', RULE_ATTRS);
        ruleBody(b);
        return { target: { project_id: requireOwnProject(request, b) }, attributes: setAttributes(b, RULE_ATTRS) };
      },
      handler: async (request, reply) => {
        const b = resourceBody(request.body, 'metering_label_rule', RULE_ATTRS);
        const rule = await createMeteringRuleFor(rt, ruleBody(b));
        reply.code(201);
        return { metering_label_rule: selectFields(request, meteringRuleView(rule)) };
      },
    }),
    route({
      method: 'DELETE',
      url: '/metering/metering-label-rules/:ruleId',
      policy: 'delete_metering_label_rule',
      target: async (request) => {
        await loadRule(request);
        return { target: RULE_TARGET };
      },
      handler: async (request, reply) => {
        await deleteMeteringRuleFor(rt, await loadRule(request));
        return reply.code(204).send();
      },
    }),
  ];
}
