/**
 * Security group rule rules, pure (neutron/extensions/securitygroup.py converters and
 * neutron/db/securitygroups_db.py _validate_security_group_rule, Zed): protocol names and numbers,
 * port ranges (ICMP type/code), remote_ip_prefix against the ethertype, one remote at most, and
 * the duplicate key (_rule_to_key) that the database's UNIQUE constraint compares.
 */
import { canonicalIp, ipToBigInt, parseCidr } from './ipam.js';
import {
  invalidCidr,
  securityGroupEthertypeConflictWithProtocol,
  securityGroupInvalidIcmpValue,
  securityGroupInvalidPortRange,
  securityGroupInvalidPortValue,
  securityGroupInvalidProtocolForPort,
  securityGroupMissingIcmpType,
  securityGroupMultipleRemoteEntities,
  securityGroupProtocolRequiredWithPorts,
  securityGroupRuleInvalidEtherType,
  securityGroupRuleInvalidProtocol,
  securityGroupRuleParameterConflict,
} from './network-errors.js';

/** neutron_lib.constants.IP_PROTOCOL_MAP, in its order (the order Neutron's error message lists) */
export const IP_PROTOCOL_MAP: ReadonlyArray<readonly [string, number]> = [
  ['ah', 51],
  ['dccp', 33],
  ['egp', 8],
  ['esp', 50],
  ['gre', 47],
  ['hopopt', 0],
  ['icmp', 1],
  ['igmp', 2],
  ['ip', 0],
  ['ipip', 4],
  ['ipv6-encap', 41],
  ['ipv6-frag', 44],
  ['ipv6-icmp', 58],
  ['icmpv6', 58],
  ['ipv6-nonxt', 59],
  ['ipv6-opts', 60],
  ['ipv6-route', 43],
  ['ospf', 89],
  ['pgm', 113],
  ['rsvp', 46],
  ['sctp', 132],
  ['tcp', 6],
  ['udp', 17],
  ['udplite', 136],
  ['vrrp', 112],
];
const PROTO_NUM = new Map(IP_PROTOCOL_MAP);
/** IP_PROTOCOL_NUM_TO_NAME_MAP: the last name of a number wins, as in the Python dict comprehension */
const PROTO_NAME = new Map(IP_PROTOCOL_MAP.filter(([n]) => n !== 'icmpv6').map(([n, v]) => [String(v), n]));
const SUPPORTED_TEXT = `[None, ${IP_PROTOCOL_MAP.map(([n]) => `'${n}'`).join(', ')}]`;
/** protocols whose rules take a port range (SG_PORT_PROTO_NUMS) */
const PORT_PROTOCOLS = new Set([33, 132, 6, 17, 136]);
const IPV6_ONLY = new Set([
  'ipv6-encap',
  'ipv6-frag',
  'ipv6-icmp',
  'icmpv6',
  'ipv6-nonxt',
  'ipv6-opts',
  'ipv6-route',
  '41',
  '44',
  '58',
  '59',
  '60',
  '43',
]);

export type Direction = 'ingress' | 'egress';
export type Ethertype = 'IPv4' | 'IPv6';

/** A rule after Neutron's converters and validators; null where Neutron stores None. */
export interface NormalizedRule {
  direction: Direction;
  ethertype: Ethertype;
  protocol: string | null;
  portRangeMin: number | null;
  portRangeMax: number | null;
  remoteIpPrefix: string | null;
  remoteGroupId: string | null;
  remoteAddressGroupId: string | null;
}

/** convert_protocol: a name (any case) or a number 0..255, kept as text */
export function convertProtocol(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const bad = () => securityGroupRuleInvalidProtocol(pyText(value), SUPPORTED_TEXT);
  if (typeof value === 'number' || (typeof value === 'string' && /^\s*[-+]?\d+\s*$/.test(value))) {
    const n = Number(value);
    if (Number.isInteger(n) && n >= 0 && n <= 255) return String(value);
    throw bad();
  }
  if (typeof value === 'string' && PROTO_NUM.has(value.toLowerCase())) return value.toLowerCase();
  throw bad();
}

export function convertEthertype(value: unknown): Ethertype {
  if (typeof value === 'string') {
    if (value.toLowerCase() === 'ipv4') return 'IPv4';
    if (value.toLowerCase() === 'ipv6') return 'IPv6';
  }
  throw securityGroupRuleInvalidEtherType(pyText(value));
}

/** convert_validate_port_value: oslo's is_valid_port (an integer 0..65535, also as text) */
export function convertPort(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || (typeof value === 'string' && /^\s*\d+\s*$/.test(value))) {
    const n = Number(value);
    if (Number.isInteger(n) && n >= 0 && n <= 65535) return n;
  }
  throw securityGroupInvalidPortValue(pyText(value));
}

/** convert_ip_prefix_to_cidr: str(netaddr.IPNetwork(x)); the host bits stay, a bare address gets /32 or /128 */
export function convertIpPrefix(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value !== 'string') throw invalidCidr(pyText(value));
  const [addr = '', prefix, extra] = value.split('/');
  const ip = canonicalIp(addr);
  const parsed = ip ? ipToBigInt(ip) : null;
  if (!ip || !parsed || extra !== undefined) throw invalidCidr(value);
  const width = parsed.version === 4 ? 32 : 128;
  if (prefix === undefined) return `${ip}/${width}`;
  if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > width) throw invalidCidr(value);
  return `${ip}/${Number(prefix)}`;
}

/** the network of a prefix (normalized_cidr: host bits cleared) */
export function normalizedCidr(prefix: string | null): string | null {
  return prefix === null ? null : (parseCidr(prefix)?.text ?? prefix);
}

/** _get_ip_proto_number */
function protoNumber(protocol: string): number {
  const n = PROTO_NUM.get(protocol);
  return n ?? Number(protocol);
}

/**
 * _validate_base_security_group_rule_attributes, on converted values: legacy IPv6 ICMP names become
 * ipv6-icmp, the whole range 1-65535 becomes no range, then the range, prefix, ethertype and
 * remote checks, in Neutron's order.
 */
export function validateRule(r: NormalizedRule): NormalizedRule {
  const rule = { ...r };
  if (rule.ethertype === 'IPv6') {
    if (rule.protocol === 'icmp' || rule.protocol === 'icmpv6') rule.protocol = 'ipv6-icmp';
    else if (rule.protocol === '1') rule.protocol = '58';
  }
  if (rule.portRangeMin === 1 && rule.portRangeMax === 65535) {
    rule.portRangeMin = null;
    rule.portRangeMax = null;
  }
  // _validate_port_range
  if (rule.portRangeMin !== null || rule.portRangeMax !== null) {
    if (!rule.protocol) throw securityGroupProtocolRequiredWithPorts();
    const proto = protoNumber(rule.protocol);
    if (PORT_PROTOCOLS.has(proto)) {
      if (rule.portRangeMin === 0 || rule.portRangeMax === 0) throw securityGroupInvalidPortValue('0');
      if (rule.portRangeMin === null || rule.portRangeMax === null || rule.portRangeMin > rule.portRangeMax)
        throw securityGroupInvalidPortRange();
    } else if (proto === 1 || proto === 58) {
      for (const [value, attr, field] of [
        [rule.portRangeMin, 'port_range_min', 'type'],
        [rule.portRangeMax, 'port_range_max', 'code'],
      ] as const) {
        if (value !== null && !(value >= 0 && value <= 255)) throw securityGroupInvalidIcmpValue(field, attr, value);
      }
      if (rule.portRangeMin === null && rule.portRangeMax !== null)
        throw securityGroupMissingIcmpType(rule.portRangeMax);
    } else {
      throw securityGroupInvalidProtocolForPort(String(proto));
    }
  }
  // _validate_ip_prefix
  if (rule.remoteIpPrefix !== null) {
    const version = rule.remoteIpPrefix.includes(':') ? 'IPv6' : 'IPv4';
    if (version !== rule.ethertype) throw securityGroupRuleParameterConflict(rule.ethertype, rule.remoteIpPrefix);
  }
  // _validate_ethertype_and_protocol
  if (rule.protocol !== null && IPV6_ONLY.has(rule.protocol) && rule.ethertype === 'IPv4')
    throw securityGroupEthertypeConflictWithProtocol(rule.ethertype, rule.protocol);
  // _validate_multiple_remote_entites
  const remotes = [rule.remoteIpPrefix, rule.remoteGroupId, rule.remoteAddressGroupId].filter((x) => x !== null);
  if (remotes.length > 1) throw securityGroupMultipleRemoteEntities();
  return rule;
}

/** _get_ip_proto_name_and_num: the same protocol given by name or number compares equal */
function protocolKey(protocol: string, ethertype: Ethertype): string {
  let p = protocol;
  if (ethertype === 'IPv6') {
    if (p === 'icmp' || p === 'icmpv6') p = 'ipv6-icmp';
    else if (p === '1') p = '58';
  }
  const num = PROTO_NUM.get(p);
  if (num !== undefined) return `${p}:${num}`;
  const name = PROTO_NAME.get(p);
  return name !== undefined ? `${name}:${p}` : `${p}:${p}`;
}

/**
 * _rule_to_key: two rules of a group are duplicates when this text is equal. Stored in a column
 * with a UNIQUE constraint, so the database decides between two identical rules created at once.
 */
export function ruleKey(securityGroupId: string, r: NormalizedRule): string {
  const none = '+';
  const prefix =
    r.remoteIpPrefix === null || r.remoteIpPrefix === '0.0.0.0/0' || r.remoteIpPrefix === '::/0'
      ? none
      : r.remoteIpPrefix;
  return [
    r.direction,
    r.ethertype,
    r.portRangeMax ?? none,
    r.portRangeMin ?? none,
    r.protocol === null ? none : protocolKey(r.protocol, r.ethertype),
    r.remoteGroupId ?? none,
    r.remoteAddressGroupId ?? none,
    prefix,
    securityGroupId,
  ].join('_');
}

/**
 * The rules Neutron gives a new group (create_security_group, Zed): egress to anywhere for IPv4
 * and IPv6; a project's default group also lets in what comes from its own members.
 */
export function initialRules(groupId: string, isDefault: boolean): NormalizedRule[] {
  const out: NormalizedRule[] = [];
  const base = {
    protocol: null,
    portRangeMin: null,
    portRangeMax: null,
    remoteIpPrefix: null,
    remoteAddressGroupId: null,
  };
  for (const ethertype of ['IPv4', 'IPv6'] as const) {
    if (isDefault) out.push({ ...base, direction: 'ingress', ethertype, remoteGroupId: groupId });
    out.push({ ...base, direction: 'egress', ethertype, remoteGroupId: null });
  }
  return out;
}

/** how Python's %s shows a JSON value in a message */
function pyText(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  return JSON.stringify(v);
}
