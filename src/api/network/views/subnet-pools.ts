/** Subnet pools and address scopes as Neutron renders them. */
import type { SubnetpoolRow } from '../../../services/network/subnet-pool-service.js';
import type { AddressScopeRow } from '../../../services/network/address-scope-service.js';
import { neutronTime } from '../request.js';

/**
 * `created`: the answer of a create, where Zed echoes the prefix lengths as the strings its
 * SubnetPoolReader made of them ("24"); every later read shows integers.
 */
export function subnetpoolView(p: SubnetpoolRow, created = false): Record<string, unknown> {
  const len = (n: number) => (created ? String(n) : n);
  return {
    id: p.id,
    name: p.name,
    tenant_id: p.project_id,
    default_prefixlen: len(p.default_prefixlen),
    min_prefixlen: len(p.min_prefixlen),
    max_prefixlen: len(p.max_prefixlen),
    is_default: p.is_default === 1,
    shared: p.shared === 1,
    prefixes: JSON.parse(p.prefixes) as unknown,
    ip_version: p.ip_version,
    default_quota: p.default_quota,
    address_scope_id: p.address_scope_id,
    description: p.description,
    tags: [],
    created_at: neutronTime(p.created_at),
    updated_at: neutronTime(p.updated_at),
    revision_number: p.revision_number,
    project_id: p.project_id,
  };
}

export function addressScopeView(s: AddressScopeRow): Record<string, unknown> {
  return {
    id: s.id,
    project_id: s.project_id,
    name: s.name,
    shared: s.shared === 1,
    ip_version: s.ip_version,
    tenant_id: s.project_id,
  };
}
