/**
 * The shape of a parity case: one HTTP request replayed, in order, against the real service (Nova,
 * Keystone or Glance) and against stackbox. Cases share state through variables: `{name}`
 * placeholders in the path, headers or body are filled from the target's seeded ids (image_id,
 * project_id, user ids, role ids...) or from values an earlier case captured (server ids, tokens...).
 */

/** the OpenStack service a case talks to; each has its own cases, golden folder and targets */
export type Service = 'nova' | 'keystone' | 'glance' | 'neutron' | 'cinder';

/** member: a member of the main project; alt: a member of another project (Keystone, Glance, Neutron) */
export type Auth = 'member' | 'admin' | 'alt' | 'none';

export interface WaitSpec {
  /** path polled (GET, member auth unless `auth` says otherwise) after the case ran */
  path: string;
  /** dotted path into the JSON body, compared with `equals`; omitted = wait until 404 */
  field?: string;
  equals?: unknown;
  auth?: Auth;
}

export interface ParityCase {
  /** nova when absent */
  service?: Service;
  /**
   * unique among all services; also the golden file name (test/parity/golden/<name>.json for
   * Nova, test/parity/golden/<service>/<name>.json for the others)
   */
  name: string;
  method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /**
   * Relative to the service endpoint's root: '/' is the version list, '/v2.1/...', '/v3/...',
   * '/v2/...' the API (Nova: http://host:port/v2.1/..., stackbox: http://host:port/compute/v2.1/...;
   * likewise /identity and /image).
   */
  path: string;
  /** JSON body (placeholders substituted in every string) or, for `raw`, the literal text */
  body?: unknown;
  raw?: string;
  /** Content-Type of the body; application/json when absent */
  contentType?: string;
  /** more request headers (placeholders substituted), e.g. X-Subject-Token */
  headers?: Record<string, string>;
  /** a variable holding the X-Auth-Token to send (a token an earlier case captured); wins over auth */
  token?: string;
  /** variables taken from response headers: name → header name (`x-subject-token`) */
  captureHeaders?: Record<string, string>;
  /** microversion, sent as `OpenStack-API-Version: compute <mv>` (`volume <mv>` for Cinder) */
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
