export interface FlavorsTable {
  id: string;
  name: string;
  vcpus: number;
  ram: number;
  disk: number;
  ephemeral: number;
  swap: number;
  rxtx_factor: number;
  is_public: number;
  disabled: number;
  description: string | null;
  /** JSON object of extra specs */
  extra_specs: string;
  created_at: string;
  deleted: number;
  /** Nova's internal integer flavors.id (migration 0045; unique): the id a migration shows */
  internal_id: number;
}
export interface FlavorAccessTable {
  flavor_id: string;
  project_id: string;
}
