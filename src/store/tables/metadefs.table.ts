/** Glance's metadata definitions catalog (migration 0024). */
export interface MetadefNamespacesTable {
  id: string;
  /** the unique name clients address it by */
  namespace: string;
  display_name: string | null;
  description: string | null;
  /** public | private | null */
  visibility: string | null;
  protected: number;
  owner: string;
  created_at: string;
  updated_at: string;
}
export interface MetadefResourceTypesTable {
  id: string;
  name: string;
  protected: number;
  created_at: string;
  updated_at: string;
}
export interface MetadefNamespaceResourceTypesTable {
  namespace_id: string;
  resource_type_id: string;
  prefix: string | null;
  properties_target: string | null;
  created_at: string;
  updated_at: string;
}
export interface MetadefObjectsTable {
  id: string;
  namespace_id: string;
  name: string;
  description: string | null;
  /** JSON array of property names */ required: string | null;
  /** JSON object: property name → property schema */ json_schema: string | null;
  created_at: string;
  updated_at: string;
}
export interface MetadefPropertiesTable {
  id: string;
  namespace_id: string;
  name: string;
  /** JSON object: the property's schema (title, type, enum, …) */ json_schema: string;
  created_at: string;
  updated_at: string;
}
export interface MetadefTagsTable {
  id: string;
  namespace_id: string;
  name: string;
  created_at: string;
  updated_at: string;
}
