/**
 * The shape of a parity case: one HTTP request replayed, in order, against the real Nova and
 * against stackbox. Cases share state through variables: `{name}` placeholders in the path or
 * body are filled from the target's seeded ids (image_id, flavor_id, network_id, port_id,
 * project_id) or from values an earlier case captured (server ids, request ids...).
 */

export type Auth = 'member' | 'admin' | 'none';

export interface WaitSpec {
  /** path polled (GET, member auth unless `auth` says otherwise) after the case ran */
  path: string;
  /** dotted path into the JSON body, compared with `equals`; omitted = wait until 404 */
  field?: string;
  equals?: unknown;
  auth?: Auth;
}

export interface ParityCase {
  /** unique; also the golden file name (test/parity/golden/<name>.json) */
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /**
   * Relative to the compute endpoint's root: '/' is the version list, '/v2.1/...' the API
   * (Nova: http://host:port/v2.1/..., stackbox: http://host:port/compute/v2.1/...).
   */
  path: string;
  /** JSON body (placeholders substituted in every string) or, for `raw`, the literal text */
  body?: unknown;
  raw?: string;
  /** compute microversion, sent as `OpenStack-API-Version: compute <mv>` */
  mv?: string;
  /** send the microversion with the legacy X-OpenStack-Nova-API-Version header instead */
  legacyHeader?: boolean;
  auth?: Auth;
  /** variables taken from the response body: name → dotted path (`servers.0.id`) */
  capture?: Record<string, string>;
  /** polled after the response before the next case runs */
  wait?: WaitSpec;
  /**
   * The route (or server action) is being added to stackbox by another change: while stackbox
   * answers its generic 404 for it, or "There is no such action" (and Nova does not), the replay
   * skips the case instead of reporting a difference.
   */
  pendingRoute?: boolean;
  /** compare exact values of the fixed fields (messages, statuses, ids...); default true */
  values?: boolean;
}
