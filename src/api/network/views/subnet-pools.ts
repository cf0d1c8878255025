/** Subnet pools and address scopes as Neutron renders them. */
import type { SubnetpoolRow } from '../../../services/network/subnet-pool-service.js';
import type { AddressScopeRow } from '../../../services/network/address-scope-service.js';
import { neutronTime } from '../request.js';

/**
 * Zed's _make_subnetpool_dict renders the prefix lengths as strings ("24") on create, show and
 * list (recorded); only an update's answer (`updated`: the attributes the request set), built from
 * the pool object's dict plus the request's, has integers and leaves out `address_scope_id` and
 * `default_quota` while they are null and the request did not set them.
 */
export function subnetpoolView(p: SubnetpoolRow, updated?: readonly string[]): Record<string, unknown> {
  const len = (n: number) => (updated ? n : String(n));
  const view = {
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
  if (!updated) return view;
  const { address_scope_id, default_quota, ...rest } = view;
  return {
    ...rest,
    ...(address_scope_id === null && !updated.includes('address_scope_id') ? {} : { address_scope_id }),
    ...(default_quota === null && !updated.includes('default_quota') ? {} : { default_quota }),
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
