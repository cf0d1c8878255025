/**
 * Nova's proxies to Neutron's security groups below microversion 2.36
 * (nova/api/openstack/compute/security_groups.py SecurityGroupController and
 * SecurityGroupRulesController over nova/network/security_group_api.py, Zed): the caller's groups
 * and ingress rules in Nova's format, through the network services, with Nova's own checks and
 * Nova's translation of Neutron's answers (its 404 stays 404; a 409 on create is Nova's 403
 * SecurityGroupLimitExceeded, on delete Nova's 400 Invalid). The message is Neutron's.
 */
import type { Runtime } from '../../runtime.js';
import type { RequestContext } from '../../domain/context.js';
import { DomainError, badRequest, forbidden, notFound } from '../../domain/errors.js';
import {
  createRulesFor,
  createSecurityGroupsFor,
  deleteRuleFor,
  deleteSecurityGroupFor,
  listSecurityGroupsFor,
  showRule,
  showSecurityGroup,
  updateSecurityGroupFor,
  type SecurityGroupRuleRow,
  type SecurityGroupWithRules,
} from '../network/security-group-service.js';
import { securityGroupDefaultAlreadyExists } from '../../domain/ports/network-errors.js';
import { convertIpPrefix, convertProtocol } from '../../domain/ports/security-group-rules.js';

const UUID_LIKE = /^[0-9a-f]{32}$/;

/** oslo uuidutils.is_uuid_like: 32 hex digits once dashes, braces and a urn:uuid: prefix are gone */
function validateId(id: unknown): string {
  const s = typeof id === 'string' ? id : '';
  const hex = s
    .toLowerCase()
    .replace(/^urn:uuid:/, '')
    .replace(/[{}-]/g, '');
  if (!UUID_LIKE.test(hex)) throw badRequest('Security group id should be uuid');
  return s;
}

/** Neutron's error as security_group_api re-raises it for the controller */
function translate(err: unknown, on409: 'forbidden' | 'badRequest' = 'forbidden'): never {
  if (err instanceof DomainError && typeof err.details.type === 'string') {
    if (err.status === 404) throw notFound(err.message);
    if (err.status === 409) throw on409 === 'forbidden' ? forbidden(err.message) : badRequest(err.message);
    if (err.status === 400) throw badRequest(err.message);
  }
  throw err;
}

export interface NovaRule {
  id: string;
  parent_group_id: string;
  ip_protocol: string | null;
  from_port: number | null;
  to_port: number | null;
  ip_range: { cidr?: string };
  group: { name?: string; tenant_id?: string };
}

export interface NovaGroup {
  id: string;
  name: string;
  description: string;
  tenant_id: string;
  rules: NovaRule[];
}

/** _convert_to_nova_security_group_rule_format then _format_security_group_rule */
function novaRule(r: SecurityGroupRuleRow, remote: { name: string; tenant_id: string } | undefined): NovaRule {
  const noRange = r.protocol !== null && r.port_range_min === null && r.port_range_max === null;
  const allPorts = ['TCP', 'UDP'].includes((r.protocol ?? '').toUpperCase());
  return {
    id: r.id,
    parent_group_id: r.security_group_id,
    ip_protocol: r.protocol,
    from_port: noRange ? (allPorts ? 1 : -1) : r.port_range_min,
    to_port: noRange ? (allPorts ? 65535 : -1) : r.port_range_max,
    ip_range: r.remote_group_id !== null ? {} : { cidr: r.remote_ip_prefix ?? '0.0.0.0/0' },
    group: r.remote_group_id !== null ? (remote ?? {}) : {},
  };
}

/** _format_security_group: the ingress rules; one whose remote group the caller cannot see is left out */
async function novaGroups(rt: Runtime, ctx: RequestContext, groups: SecurityGroupWithRules[]): Promise<NovaGroup[]> {
  const known = new Map<string, { name: string; tenant_id: string } | null>(
    groups.map((g) => [g.id, { name: g.name, tenant_id: g.project_id }]),
  );
  for (const g of groups) {
    for (const r of g.rules) {
      if (r.remote_group_id === null || known.has(r.remote_group_id)) continue;
      try {
        const other = await showSecurityGroup(rt, ctx, r.remote_group_id);
        known.set(r.remote_group_id, { name: other.name, tenant_id: other.project_id });
      } catch {
        known.set(r.remote_group_id, null);
      }
    }
  }
  return groups.map((g) => ({
    id: g.id,
    description: g.description,
    name: g.name,
    tenant_id: g.project_id,
    rules: g.rules
      .filter((r) => r.direction === 'ingress')
      .filter((r) => r.remote_group_id === null || known.get(r.remote_group_id))
      .map((r) => novaRule(r, r.remote_group_id !== null ? (known.get(r.remote_group_id) ?? undefined) : undefined)),
  }));
}

async function getGroup(rt: Runtime, ctx: RequestContext, id: string): Promise<SecurityGroupWithRules> {
  try {
    return await showSecurityGroup(rt, ctx, id);
  } catch (err) {
    translate(err);
  }
}

/** GET /os-security-groups: the project's groups (every project's for an admin with all_tenants), by (tenant_id, name) */
export async function listNovaSecurityGroups(
  rt: Runtime,
  ctx: RequestContext,
  allTenants: boolean,
  page: { offset: number; limit: number },
): Promise<NovaGroup[]> {
  const groups = await listSecurityGroupsFor(rt, ctx, {
    projectIds: ctx.isAdmin && allTenants ? undefined : [ctx.projectId ?? ''],
  });
  const limited = groups.slice(page.offset, page.offset + page.limit);
  const out = await novaGroups(rt, ctx, limited);
  return out.sort((a, b) =>
    a.tenant_id !== b.tenant_id ? (a.tenant_id < b.tenant_id ? -1 : 1) : a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
}

export async function showNovaSecurityGroup(rt: Runtime, ctx: RequestContext, id: string): Promise<NovaGroup> {
  validateId(id);
  const [g] = await novaGroups(rt, ctx, [await getGroup(rt, ctx, id)]);
  if (!g) throw notFound();
  return g;
}

/** utils.check_string_length(value, name, 0, 255), as security_group_api.validate_property calls it */
function checkProperty(value: unknown, name: string): string {
  if (typeof value !== 'string') throw badRequest(`${name} is not a string or unicode`);
  if (value.length > 255) throw badRequest(`${name} has ${value.length} characters, more than 255.`);
  return value;
}

/** Neutron's name_not_default validator, which Nova meets through the API */
function notDefault(name: string): void {
  if (name.toLowerCase() === 'default') throw securityGroupDefaultAlreadyExists();
}

export async function createNovaSecurityGroup(
  rt: Runtime,
  ctx: RequestContext,
  body: { name: unknown; description: unknown },
): Promise<NovaGroup> {
  const name = checkProperty(body.name, 'name');
  const description = checkProperty(body.description, 'description');
  let created: SecurityGroupWithRules | undefined;
  try {
    notDefault(name);
    [created] = await createSecurityGroupsFor(rt, [{ projectId: ctx.projectId ?? '', name, description }]);
  } catch (err) {
    translate(err, 'forbidden');
  }
  if (!created) throw notFound();
  const [g] = await novaGroups(rt, ctx, [created]);
  if (!g) throw notFound();
  return g;
}

export async function updateNovaSecurityGroup(
  rt: Runtime,
  ctx: RequestContext,
  id: string,
  body: () => { name: unknown; description: unknown },
): Promise<NovaGroup> {
  validateId(id);
  const group = await getGroup(rt, ctx, id);
  const b = body();
  const name = checkProperty(b.name, 'name');
  const description = checkProperty(b.description, 'description');
  let updated: SecurityGroupWithRules | undefined;
  try {
    notDefault(name);
    updated = await updateSecurityGroupFor(rt, group, { name, description });
  } catch (err) {
    translate(err, 'badRequest');
  }
  const [g] = await novaGroups(rt, ctx, updated ? [updated] : []);
  if (!g) throw notFound();
  return g;
}

export async function deleteNovaSecurityGroup(rt: Runtime, ctx: RequestContext, id: string): Promise<void> {
  validateId(id);
  const group = await getGroup(rt, ctx, id);
  try {
    await deleteSecurityGroupFor(rt, ctx, group);
  } catch (err) {
    translate(err, 'badRequest');
  }
}

export interface NovaRuleRequest {
  parent_group_id?: unknown;
  group_id?: unknown;
  ip_protocol?: unknown;
  from_port?: unknown;
  to_port?: unknown;
  cidr?: unknown;
}

/** Python's int() of a port value; Nova's two messages when it fails */
function toPort(v: unknown, icmp: boolean): number {
  if (typeof v === 'number' && Number.isFinite(v)) return Math.trunc(v);
  if (typeof v === 'string' && /^\s*[-+]?\d+\s*$/.test(v)) return Number(v.trim());
  throw badRequest(
    icmp
      ? 'Invalid input received: Type and Code must be integers for ICMP protocol type'
      : 'Invalid input received: To and From ports must be integers',
  );
}

/** netutils.is_valid_cidr: an address with a prefix length */
function validCidr(c: string): boolean {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(c);
  if (!m) return false;
  const [, ip, len] = m;
  const n = Number(len);
  if (ip !== undefined && /^\d{1,3}(\.\d{1,3}){3}$/.test(ip))
    return ip.split('.').every((o) => Number(o) <= 255) && n <= 32;
  return ip !== undefined && ip.includes(':') && /^[0-9a-fA-F:.]+$/.test(ip) && n <= 128;
}

/** POST /os-security-group-rules: one ingress rule through Neutron, in Nova's format */
export async function createNovaRule(rt: Runtime, ctx: RequestContext, req: NovaRuleRequest): Promise<NovaRule> {
  const parentId = validateId(req.parent_group_id);
  const parent = await getGroup(rt, ctx, parentId);
  let source: SecurityGroupWithRules | undefined;
  if (req.group_id !== undefined && req.group_id !== null) source = await getGroup(rt, ctx, validateId(req.group_id));
  const proto = typeof req.ip_protocol === 'string' && req.ip_protocol !== '' ? req.ip_protocol : null;
  const upper = (proto ?? '').toUpperCase();
  let from = req.from_port ?? null;
  let to = req.to_port ?? null;
  let cidr: string | null = null;
  if (source) {
    // a group rule opens everything when no range is given
    if (upper === 'ICMP' && from === null && to === null) [from, to] = [-1, -1];
    else if (['TCP', 'UDP'].includes(upper) && from === null && to === null) [from, to] = [1, 65535];
  } else {
    const raw = typeof req.cidr === 'string' ? req.cidr : '';
    cidr = raw === '' ? '0.0.0.0/0' : decodeURIComponent(raw);
    if (!validCidr(cidr)) throw badRequest(`${raw} is not a valid IP network.`);
  }
  let fromPort: number | null = null;
  let toPort: number | null = null;
  if (proto !== null && from !== null && to !== null) {
    fromPort = toPort_(from, upper);
    toPort = toPort_(to, upper);
    if (!['TCP', 'UDP', 'ICMP'].includes(upper)) throw badRequest(`Invalid IP protocol ${proto}.`);
    if (['TCP', 'UDP'].includes(upper) && fromPort > toPort)
      throw badRequest(`Invalid port range ${fromPort}:${toPort}. Former value cannot be greater than the later`);
    if (['TCP', 'UDP'].includes(upper) && (fromPort < 1 || toPort > 65535))
      throw badRequest(`Invalid port range ${fromPort}:${toPort}. Valid ${upper} ports should be between 1-65535`);
    if (upper === 'ICMP' && (fromPort < -1 || fromPort > 255 || toPort < -1 || toPort > 255))
      throw badRequest(`Invalid port range ${fromPort}:${toPort}. For ICMP, the type:code must be valid`);
  } else if (!source) {
    throw badRequest('Not enough parameters to build a valid rule.');
  }
  if (cidr !== null) {
    const [net, len] = cidr.split('/');
    if (net !== '0.0.0.0' && net !== '::' && len === '0') throw badRequest(`Bad prefix for network in cidr ${cidr}`);
  }
  // the protocol is only kept with a port range (a group rule may have neither)
  const protocol = fromPort !== null || source ? proto : null;
  // _rule_exists: a CIDR rule equal in Nova's terms to one of the group's ingress rules
  if (!source) {
    for (const r of parent.rules) {
      if (r.direction !== 'ingress' || r.remote_group_id !== null) continue;
      const nr = novaRule(r, undefined);
      if (
        nr.ip_range.cidr === cidr &&
        nr.from_port === fromPort &&
        nr.to_port === toPort &&
        nr.ip_protocol === protocol
      )
        throw badRequest(`This rule already exists in group ${parentId}`);
    }
  }
  const ethertype = cidr !== null && cidr.includes(':') ? 'IPv6' : 'IPv4';
  let created: SecurityGroupRuleRow[];
  try {
    created = await createRulesFor(rt, ctx, [
      {
        projectId: ctx.projectId ?? parent.project_id,
        securityGroupId: parent.id,
        rule: {
          direction: 'ingress',
          ethertype,
          protocol: convertProtocol(protocol),
          portRangeMin: fromPort !== null && fromPort !== -1 ? fromPort : null,
          portRangeMax: toPort !== null && toPort !== -1 ? toPort : null,
          remoteIpPrefix: convertIpPrefix(cidr),
          remoteGroupId: source?.id ?? null,
          remoteAddressGroupId: null,
        },
      },
    ]);
  } catch (err) {
    translate(err, 'forbidden');
  }
  const row = created[0];
  if (!row) throw notFound();
  return novaRule(row, source ? { name: source.name, tenant_id: source.project_id } : undefined);
}

function toPort_(v: unknown, upper: string): number {
  return toPort(v, upper === 'ICMP');
}

/** DELETE /os-security-group-rules/{id} */
export async function deleteNovaRule(rt: Runtime, ctx: RequestContext, id: string): Promise<void> {
  validateId(id);
  let rule: SecurityGroupRuleRow;
  try {
    rule = (await showRule(rt, ctx, id)).rule;
  } catch (err) {
    translate(err);
  }
  await getGroup(rt, ctx, rule.security_group_id);
  try {
    await deleteRuleFor(rt, rule);
  } catch (err) {
    translate(err);
  }
}
