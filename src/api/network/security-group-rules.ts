/** /v2.0/security-group-rules: list, show, create (also bulk) and delete; rules are never updated. */
import type { FastifyRequest } from 'fastify';
import { pyStr } from '../../lib/python-repr.js';
import type { NeutronRouteTarget } from '../../policy/network-rules.js';
import type { Runtime } from '../../runtime.js';
import { route, type RouteDef } from '../../http/route-table.js';
import {
  createRulesFor,
  deleteRuleFor,
  listRulesFor,
  showRule,
  type RuleSpec,
} from '../../services/network/security-group-service.js';
import {
  invalidAttribute,
  requiredAttributeMissing,
  securityGroupRuleNotFound,
} from '../../domain/ports/network-errors.js';
import {
  convertEthertype,
  convertIpPrefix,
  convertPort,
  convertProtocol,
} from '../../domain/ports/security-group-rules.js';
import { perRequest } from '../../http/request-memo.js';
import {
  optString,
  projectFilter,
  queryValues,
  requireOwnProject,
  resourceBodies,
  selectFields,
  setAttributes,
} from './request.js';
import { securityGroupRuleView } from './views/security-groups.js';
import { listBody } from './paging.js';
import { networkRoot } from './extensions.js';

const CREATE_ATTRS = [
  'security_group_id',
  'remote_group_id',
  'remote_address_group_id',
  'direction',
  'protocol',
  'port_range_min',
  'port_range_max',
  'ethertype',
  'remote_ip_prefix',
  'description',
  'tenant_id',
  'project_id',
] as const;

const optId = (b: Record<string, unknown>, key: string): string | null => {
  const v = b[key];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') throw invalidAttribute(key, `'${JSON.stringify(v)}' is not a valid string`);
  return v;
};

/** The attribute checks of neutron/extensions/securitygroup.py, in the order of its attribute map. */
function ruleSpec(request: FastifyRequest, b: Record<string, unknown>): RuleSpec {
  const projectId = requireOwnProject(request, b);
  if (b.security_group_id === undefined) throw requiredAttributeMissing('security_group_id');
  if (b.direction === undefined) throw requiredAttributeMissing('direction');
  const securityGroupId = optString(b, 'security_group_id', 36) ?? '';
  const remoteGroupId = optId(b, 'remote_group_id');
  const direction = b.direction;
  if (direction !== 'ingress' && direction !== 'egress') {
    throw invalidAttribute('direction', `${pyStr(direction)} is not in valid_values`);
  }
  const protocol = convertProtocol(b.protocol);
  const portRangeMin = convertPort(b.port_range_min);
  const portRangeMax = convertPort(b.port_range_max);
  const ethertype = b.ethertype === undefined ? 'IPv4' : convertEthertype(b.ethertype);
  const remoteIpPrefix = convertIpPrefix(b.remote_ip_prefix);
  return {
    projectId,
    securityGroupId,
    description: optString(b, 'description'),
    rule: {
      direction,
      ethertype,
      protocol,
      portRangeMin,
      portRangeMax,
      remoteIpPrefix,
      remoteGroupId,
      remoteAddressGroupId: optId(b, 'remote_address_group_id'),
    },
  };
}

export function securityGroupRuleRoutes(rt: Runtime): Array<RouteDef<NeutronRouteTarget>> {
  const load = perRequest((request: FastifyRequest & { params: { ruleId: string } }) =>
    showRule(rt, request.ctx, request.params.ruleId),
  );
  return [
    route({
      method: 'GET',
      url: '/security-group-rules',
      policy: 'get_security_group_rule',
      handler: async (request) => {
        const rows = await listRulesFor(rt, request.ctx, {
          ids: queryValues(request, 'id'),
          securityGroupIds: queryValues(request, 'security_group_id'),
          projectIds: projectFilter(request),
          directions: queryValues(request, 'direction'),
          ethertypes: queryValues(request, 'ethertype'),
          protocols: queryValues(request, 'protocol'),
          remoteGroupIds: queryValues(request, 'remote_group_id'),
          remoteIpPrefixes: queryValues(request, 'remote_ip_prefix'),
          descriptions: queryValues(request, 'description'),
        });
        const views = rows.map(securityGroupRuleView);
        for (const [key, name] of [
          ['port_range_min', 'port_range_min'],
          ['port_range_max', 'port_range_max'],
        ] as const) {
          const wanted = queryValues(request, name);
          if (wanted) views.splice(0, views.length, ...views.filter((v) => wanted.includes(String(v[key]))));
        }
        return listBody(
          request,
          'security_group_rules',
          `${networkRoot(rt, request)}/v2.0/security-group-rules`,
          views,
          securityGroupRuleNotFound,
        );
      },
    }),
    route({
      method: 'GET',
      url: '/security-group-rules/:ruleId',
      policy: 'get_security_group_rule',
      handler: async (request) => ({
        security_group_rule: selectFields(request, securityGroupRuleView((await load(request)).rule)),
      }),
    }),
    route({
      method: 'POST',
      url: '/security-group-rules',
      policy: 'create_security_group_rule',
      target: async (request) => {
        const { items } = resourceBodies(request.body, 'security_group_rule', 'security_group_rules', CREATE_ATTRS);
        const first = items[0] ?? {};
        return {
          target: { project_id: requireOwnProject(request, first) },
          attributes: setAttributes(first, CREATE_ATTRS),
        };
      },
      handler: async (request, reply) => {
        const { items, bulk } = resourceBodies(
          request.body,
          'security_group_rule',
          'security_group_rules',
          CREATE_ATTRS,
        );
        const created = await createRulesFor(
          rt,
          request.ctx,
          items.map((b) => ruleSpec(request, b)),
        );
        reply.code(201);
        const views = created.map((r) => selectFields(request, securityGroupRuleView(r)));
        return bulk ? { security_group_rules: views } : { security_group_rule: views[0] };
      },
    }),
    route({
      method: 'DELETE',
      url: '/security-group-rules/:ruleId',
      policy: 'delete_security_group_rule',
      target: async (request) => ({ target: { project_id: (await load(request)).rule.project_id } }),
      handler: async (request, reply) => {
        await deleteRuleFor(rt, (await load(request)).rule);
        return reply.code(204).send();
      },
    }),
  ];
}
