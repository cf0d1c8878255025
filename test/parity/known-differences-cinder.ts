/**
 * Every difference between stackbox and the real Cinder (Zed) that the parity check accepts, each
 * with its reason. Keep in step with docs/compatibility.md ("Parity with Cinder"). BUG marks a
 * defect found by the check and not fixed yet.
 */
import type { KnownDifference } from './known-differences.js';

export const CINDER_KNOWN_DIFFERENCES: KnownDifference[] = [
  {
    case: 'cinder-versions-v3-no-token',
    path: /^(status|openstack-api-version|error|versions)$/,
    reason:
      "deliberate: stackbox serves /volume/v3/ (version discovery) without a token, like /volume/; Cinder's v3 router sits behind keystonemiddleware, which refuses the request",
  },
  {
    case: 'cinder-no-token-401',
    path: /^(error|unauthorized)$/,
    reason:
      'deliberate (src/api/block-storage/errors.ts): stackbox\'s 401 uses Cinder\'s own fault envelope ({"unauthorized": …}); in a deployment keystonemiddleware answers first, with Keystone\'s {"error": …}',
  },
  {
    case: 'cinder-mv-above-max-406',
    kind: 'header',
    path: 'openstack-api-version',
    reason:
      'Cinder echoes an unsupported requested version in OpenStack-API-Version ("volume 3.99") on its 406; stackbox sends no version header for a version it does not serve',
  },
  {
    case: 'volume-create-malformed-400',
    kind: 'header',
    path: 'openstack-api-version',
    reason:
      'stackbox negotiates the microversion after parsing the body, so a body that is not JSON is refused before there is a version to name; Cinder negotiates first',
  },
  {
    case: 'volumes-list-bad-filter-400',
    path: /^(status|badRequest|volumes)$/,
    reason:
      'BUG: from 3.34 Cinder refuses list filters that resource_filters.json does not name for the resource ("Invalid filters bogus are found in query options.", non-admins only); stackbox ignores unknown filters on every list',
  },
  {
    case: 'pools-detail',
    path: /^pools\[\]\.capabilities\./,
    reason:
      "backend capabilities: stackbox reports an LVM-like pool (numbers, thin/thick provisioning, location_info, multiattach…); the real runner's functional-test driver reports 'infinite' capacities and replication/consistency-group flags",
  },
  {
    case: 'host-show',
    kind: 'value',
    path: 'host',
    reason:
      "order of the per-project rows: Cinder lists them in Python set order of the project ids, stackbox in its own; the ids differ between the two sides, so the order can't match",
  },
];
