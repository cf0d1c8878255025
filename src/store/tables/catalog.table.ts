/** Keystone's catalog rows: regions, services, endpoints (extra: JSON object text; enabled 0/1). */
export interface RegionsTable {
  id: string;
  description: string;
  parent_region_id: string | null;
  extra: string;
  created_at: string;
}
/** A service; its name and description live in extra, as in Keystone. */
export interface CatalogServicesTable {
  id: string;
  type: string;
  enabled: number;
  extra: string;
  created_at: string;
}
/** url may hold $(base_url)s (the URL the request reached stackbox on) and $(project_id)s-style keys. */
export interface CatalogEndpointsTable {
  id: string;
  service_id: string;
  interface: string;
  url: string;
  region_id: string | null;
  enabled: number;
  extra: string;
  created_at: string;
}
/** A Keystone trust (OS-TRUST): roles is a JSON array of role ids; remaining_uses null = unlimited. */
export interface TrustsTable {
  id: string;
  trustor_user_id: string;
  trustee_user_id: string;
  project_id: string | null;
  impersonation: number;
  expires_at: string | null;
  remaining_uses: number | null;
  roles: string;
  created_at: string;
}
