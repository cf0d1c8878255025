export interface KeypairsTable {
  id: string;
  user_id: string;
  name: string;
  type: string;
  public_key: string;
  fingerprint: string;
  created_at: string;
}
export interface QuotasTable {
  project_id: string;
  resource: string;
  hard_limit: number;
}
