import type { Generated } from 'kysely';

/** Neutron's address scope (address-scope extension). */
export interface AddressScopesTable {
  id: string;
  project_id: string;
  name: string;
  shared: number;
  ip_version: number;
  created_at: string;
  updated_at: string;
}
/** Neutron's subnet pool (subnet_allocation, default-subnetpools). */
export interface SubnetpoolsTable {
  id: string;
  project_id: string;
  name: string;
  description: string;
  ip_version: number;
  default_prefixlen: number;
  min_prefixlen: number;
  max_prefixlen: number;
  default_quota: number | null;
  shared: number;
  is_default: number;
  /** String(ip_version) while the pool is its family's default, else NULL; UNIQUE */
  default_key: string | null;
  address_scope_id: string | null;
  /** JSON array of CIDR texts, compacted and sorted */ prefixes: string;
  created_at: string;
  updated_at: string;
  revision_number: Generated<number>;
}
