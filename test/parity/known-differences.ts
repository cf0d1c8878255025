/**
 * Every difference between stackbox and the real Nova (Zed, max 2.93) that the parity check
 * accepts, each with its reason; Keystone's and Glance's are in known-differences-<service>.ts.
 * Keep in step with docs/compatibility.md ("Parity with Nova", "Parity with Keystone/Glance").
 * Entries marked BUG are real stackbox defects found by the parity check and not fixed yet; they
 * are listed so that CI stays green while they are visible, and go away with the fix.
 */
import type { Service } from './case-types.js';
import type { Difference } from './normalise.js';
import { KEYSTONE_KNOWN_DIFFERENCES } from './known-differences-keystone.js';
import { GLANCE_KNOWN_DIFFERENCES } from './known-differences-glance.js';
import { NEUTRON_KNOWN_DIFFERENCES } from './known-differences-neutron.js';
import { CINDER_KNOWN_DIFFERENCES } from './known-differences-cinder.js';

export interface KnownDifference {
  case: string | RegExp;
  kind?: Difference['kind'];
  path: string | RegExp;
  reason: string;
}

const SEED =
  "seed data: Nova's fixture has flavor 6 m1.tiny.specs (extra spec hw:numa_nodes); stackbox seeds baremetal.small (a uuid id, a description) in that place";

export const KNOWN_DIFFERENCES: KnownDifference[] = [
  {
    case: /^versions-/,
    kind: 'value',
    path: /(^|\.)version$/,
    reason: 'stackbox advertises microversions up to 2.96, Nova Zed up to 2.93',
  },
  {
    case: /^mv-(below-min|above-max)-406$/,
    kind: 'value',
    path: 'computeFault.message',
    reason: 'the message names the maximum microversion: 2.96 in stackbox, 2.93 in Nova Zed',
  },
  {
    case: 'mv-latest',
    kind: 'header',
    path: /^(openstack-api-version|x-openstack-nova-api-version)$/,
    reason: '"latest" is 2.96 in stackbox, 2.93 in Nova Zed',
  },
  { case: /^(flavors-(list|detail)|project-prefix-flavors)$/, kind: 'value', path: /^flavors\.5\./, reason: SEED },
  { case: 'flavors-detail-2.61', path: /^flavors\[\]\.(description|extra_specs\.<key>)$/, reason: SEED },
  {
    case: 'availability-zones-detail-admin',
    kind: 'type',
    path: /\.updated_at$/,
    reason:
      "stackbox reports its compute agents' heartbeat time; the Nova test harness never updates its service records (null). Both are allowed by Nova's schema",
  },
  {
    case: /^(na-)?keypair/,
    kind: 'value',
    path: 'keypair.id',
    reason: "a database id: 1 in a fresh Nova, an id from stackbox's generator",
  },
  {
    case: /^(unknown-route-404|method-not-allowed-405)$/,
    path: /^(code|message|title|itemNotFound|badMethod)$/,
    reason:
      "deliberate (docs/compatibility.md, Framework): unknown routes answer a JSON itemNotFound fault instead of webob's plain 404 page",
  },
  {
    case: 'method-not-allowed-405',
    kind: 'status',
    path: 'status',
    reason:
      "deliberate (docs/compatibility.md, Framework): a wrong method on a known path answers 405 badMethod with Allow; Nova's router answers 404",
  },
  {
    case: /^hypervisor/,
    path: /cpu_info\.(features\[\]|topology\.cells)$/,
    reason:
      "cpu_info is the virt driver's free-form description: stackbox mimics libvirt's (topology.cells, no CPU feature flags), Nova's fake driver lists features and no cells",
  },
  {
    case: 'server-virtual-interfaces-410',
    path: /^(status|computeFault|virtual_interfaces)$/,
    reason:
      'deliberate (docs/compatibility.md, os-virtual-interfaces): stackbox serves the nova-network-era 200 listing up to 2.43 from its interface records; Nova since Rocky answers 410 Gone',
  },
  {
    case: 'versions-root',
    kind: 'header',
    path: /^x-(openstack|compute)-request-id$/,
    reason:
      "stackbox stamps request ids on every response (docs/compatibility.md, Framework); Nova's unversioned root pipeline has no request-id middleware",
  },
  {
    case: /^(server-c-|na-server-show-)/,
    kind: 'extra',
    path: 'server.security_groups',
    reason:
      'deliberate: stackbox keeps a server\'s security groups on the server and shows them even when it has no ports (networks "none"); Nova with Neutron reads them from the ports, so a port-less server shows no security_groups key',
  },
  // the server actions and admin resources of issue 15 (cases-nova-actions.ts)
  {
    case: 'na-server-show-suspended',
    kind: 'value',
    path: 'server.OS-EXT-STS:power_state',
    reason:
      "the power state is the virt driver's: stackbox reports SUSPENDED (7) for a suspended guest; Nova's fake driver never changes it (RUNNING, 1)",
  },
  {
    case: /^na-diagnostics/,
    path: /^(vnet\d+_\w+|cpu_details\[\]\.utilisation|nic_details\[\])$/,
    reason:
      "diagnostics are the virt driver's: stackbox answers like libvirt (one vNIC per port, so none for this port-less server; no CPU utilisation); Nova's fake driver reports fixed vnet1 counters and a utilisation",
  },
  {
    case: /^na-hypervisor-uptime(-2\.53)?$/,
    path: /^(status|notImplemented|hypervisor)$/,
    reason:
      "the uptime is the virt driver's: stackbox answers like libvirt; Nova's fake driver does not implement get_host_uptime (501)",
  },
  {
    case: 'na-live-migrate-auto-2.24-400',
    kind: 'value',
    path: 'badRequest.message',
    reason:
      "the body has two schema errors (block_migration 'auto' before 2.25, disk_over_commit missing): Nova's validator reports the first in its own walk order, stackbox's the missing property; both answer 400",
  },
  {
    case: 'na-service-disable-2.53-400',
    kind: 'value',
    path: 'badRequest.message',
    reason:
      "jsonschema lists unexpected properties in the order of a Python set (depends on hash seeding); stackbox lists them in the body's order",
  },
  {
    case: /^na-service(s-compute|-update(-enable)?)-2\.53$/,
    kind: 'value',
    path: /^services?\.(0\.)?id$/,
    reason:
      "stackbox gives a compute service and its hypervisor one uuid; Nova's service record and compute node have two. Both are opaque uuids to a client",
  },
  {
    case: 'na-server-show-reset-error',
    kind: 'missing',
    path: 'server.fault',
    reason:
      "Nova's compute records an instance fault when it refuses a console type (os-getSPICEConsole with spice disabled), shown once the server is in ERROR; stackbox refuses it in the API and records no fault",
  },
  {
    case: /^na-flavor-access-(add-again-409|remove-again-404)$/,
    kind: 'value',
    path: /Request\.message$|itemNotFound\.message$/,
    reason:
      "Nova's message names the flavor's database id (7 in a fresh Nova); stackbox names the flavor id the request used",
  },
  {
    case: /^na-image(s-detail|-show|-metadata)$/,
    path: /((^|\.)metadata\.\w+|OS-EXT-IMG-SIZE:size|\.created|\.updated|OS-DCF:diskConfig)$/,
    reason:
      "seed data: Nova's fixture images carry kernel/ramdisk ids, architecture and other properties, sizes as strings and some without times; stackbox's seeded images are plain Glance images",
  },
];

export const KNOWN_DIFFERENCES_BY_SERVICE: Record<Service, KnownDifference[]> = {
  nova: KNOWN_DIFFERENCES,
  keystone: KEYSTONE_KNOWN_DIFFERENCES,
  glance: GLANCE_KNOWN_DIFFERENCES,
  neutron: NEUTRON_KNOWN_DIFFERENCES,
  cinder: CINDER_KNOWN_DIFFERENCES,
};
