/** Nova's console_auth_tokens (migration 0037): a console URL's token, by its hash, until it expires. */
export interface ConsoleAuthTokensTable {
  id: string;
  /** hex SHA-256 of the token; the token itself is only in the URL handed out */
  token_hash: string;
  /** 'novnc', 'spice-html5', 'serial', 'rdp-html5', 'webmks' */
  console_type: string;
  host: string;
  port: number;
  internal_access_path: string | null;
  instance_uuid: string;
  access_url_base: string;
  /** ISO time after which the token is gone */
  expires: string;
  created_at: string;
}
