/**
 * A Neutron tag (migration 0034): resource_type is Neutron's collection name, resource_id the
 * resource's id, repeated in the foreign-key column of its type (the others NULL).
 */
export interface NeutronTagsTable {
  resource_type: string;
  resource_id: string;
  tag: string;
  network_id: string | null;
  subnet_id: string | null;
  port_id: string | null;
  router_id: string | null;
  floatingip_id: string | null;
  security_group_id: string | null;
  subnetpool_id: string | null;
}
