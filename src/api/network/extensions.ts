/**
 * Version discovery and the extension list. Only extensions whose attributes this service really
 * stores and honours are listed, so clients never rely on something that is not there.
 */
import type { NeutronRouteTarget } from '../../policy/network-rules.js';
import type { FastifyRequest } from 'fastify';
import type { Runtime } from '../../runtime.js';
import { route, type RouteDef } from '../../http/route-table.js';
import { baseUrl } from '../../http/base-url.js';
import { extensionNotFound } from '../../domain/ports/network-errors.js';

interface Extension {
  alias: string;
  name: string;
  description: string;
  updated: string;
}

export const EXTENSIONS: Extension[] = [
  {
    alias: 'allowed-address-pairs',
    name: 'Allowed Address Pairs',
    description: 'Provides allowed address pairs',
    updated: '2013-07-23T10:00:00-00:00',
  },
  {
    alias: 'binding',
    name: 'Port Binding',
    description: 'Expose port bindings of a virtual port to external application',
    updated: '2014-02-03T10:00:00-00:00',
  },
  {
    alias: 'external-net',
    name: 'Neutron external network',
    description: 'Adds external network attribute to network resource.',
    updated: '2013-01-14T10:00:00-00:00',
  },
  {
    alias: 'ext-gw-mode',
    name: 'Neutron L3 Configurable external gateway mode',
    description: 'Extension of the router abstraction for specifying whether SNAT should occur on the external gateway',
    updated: '2013-03-28T10:00:00-00:00',
  },
  {
    alias: 'extraroute',
    name: 'Neutron Extra Route',
    description: 'Extra routes configuration for L3 router',
    updated: '2013-02-01T10:00:00-10:00',
  },

  {
    alias: 'net-mtu',
    name: 'Network MTU',
    description: 'Provides MTU attribute for a network resource.',
    updated: '2015-03-25T10:00:00-00:00',
  },
  {
    alias: 'pagination',
    name: 'Pagination support',
    description: 'Extension that indicates that pagination is enabled.',
    updated: '2016-06-12T00:00:00-00:00',
  },
  {
    alias: 'port-security-groups-filtering',
    name: 'Port filtering on security groups',
    description: 'Provides security groups filtering when listing ports',
    updated: '2018-01-09T09:00:00-00:00',
  },
  {
    alias: 'port-security',
    name: 'Port Security',
    description: 'Provides port security',
    updated: '2012-07-23T10:00:00-00:00',
  },
  {
    alias: 'router',
    name: 'Neutron L3 Router',
    description:
      'Router abstraction for basic L3 forwarding between L2 Neutron networks and access to external networks via a NAT gateway.',
    updated: '2012-07-20T10:00:00-00:00',
  },
  {
    alias: 'quota-check-limit',
    name: 'Quota engine limit check',
    description: 'Support for checking the resource usage before applying a new quota limit',
    updated: '2021-09-08T16:00:00-00:00',
  },
  {
    alias: 'quota_details',
    name: 'Quota details management support',
    description: 'Expose functions for quotas usage statistics per project',
    updated: '2017-02-10T10:00:00-00:00',
  },
  {
    alias: 'quotas',
    name: 'Quota management support',
    description: 'Expose functions for quotas management per project',
    updated: '2012-07-29T10:00:00-00:00',
  },
  {
    alias: 'security-group',
    name: 'security-group',
    description: 'The security groups extension.',
    updated: '2012-10-05T10:00:00-00:00',
  },
  {
    alias: 'security-groups-normalized-cidr',
    name: 'Normalized CIDR field for security group rules',
    description: 'Add new field with normalized remote_ip_prefix cidr in SG rule',
    updated: '2020-07-28T10:00:00-00:00',
  },
  {
    alias: 'sorting',
    name: 'Sorting support',
    description: 'Extension that indicates that sorting is enabled.',
    updated: '2016-06-12T00:00:00-00:00',
  },
  {
    alias: 'stateful-security-group',
    name: 'Stateful security group',
    description: 'Indicates if the security group is stateful or not',
    updated: '2019-11-26T09:00:00-00:00',
  },
  {
    alias: 'standard-attr-description',
    name: 'standard-attr-description',
    description: 'Extension to add descriptions to standard attributes',
    updated: '2016-02-10T10:00:00-00:00',
  },
  {
    // Zed's name lists every standard-attribute resource with tag_support; these are the ones served
    alias: 'standard-attr-tag',
    name: 'Tag support for resources with standard attribute: port, subnet, subnetpool, network, router, floatingip, security_group',
    description: 'Enables to set tag on resources with standard attribute.',
    updated: '2017-01-01T00:00:00-00:00',
  },
  {
    alias: 'standard-attr-revisions',
    name: 'Resource revision numbers',
    description: 'This extension will display the revision number of neutron resources.',
    updated: '2016-04-11T10:00:00-00:00',
  },
  {
    alias: 'subnet_allocation',
    name: 'Subnet Allocation',
    description: 'Enables allocation of subnets from a subnet pool',
    updated: '2015-03-30T10:00:00-00:00',
  },
  {
    alias: 'address-scope',
    name: 'Address scope',
    description: 'Address scopes extension.',
    updated: '2015-07-26T10:00:00-00:00',
  },
  {
    alias: 'default-subnetpools',
    name: 'Default Subnetpools',
    description: 'Provides ability to mark and use a subnetpool as the default.',
    updated: '2016-02-18T18:00:00-00:00',
  },
  {
    alias: 'subnetpool-prefix-ops',
    name: 'Subnet Pool Prefix Operations',
    description: 'Provides support for adjusting the prefix list of subnet pools',
    updated: '2019-02-08T10:00:00-00:00',
  },
  {
    alias: 'metering',
    name: 'Neutron Metering',
    description: 'Neutron Metering extension.',
    updated: '2013-06-12T10:00:00-00:00',
  },
  {
    alias: 'metering_source_and_destination_fields',
    name: 'Neutron Metering with source and destination filtering',
    description:
      'Neutron Metering extension that enables the use of source and destination IP prefixes to create metering label rules.',
    updated: '2020-08-21T08:12:00-00:00',
  },
  {
    alias: 'extra_dhcp_opt',
    name: 'Neutron Extra DHCP options',
    description:
      'Extra options configuration for DHCP. For example PXE boot options to DHCP clients can be specified (e.g. tftp-server, server-ip-address, bootfile-name)',
    updated: '2013-03-17T12:00:00-00:00',
  },
  {
    alias: 'ip-substring-filtering',
    name: 'IP address substring filtering',
    description: 'Provides IP address substring filtering when listing ports',
    updated: '2017-11-28T09:00:00-00:00',
  },
  {
    alias: 'provider',
    name: 'Provider Network',
    description: 'Expose mapping of virtual networks to physical networks',
    updated: '2012-09-07T10:00:00-00:00',
  },
  {
    alias: 'multi-provider',
    name: 'Multi Provider Network',
    description: 'Expose mapping of virtual networks to multiple physical networks',
    updated: '2013-06-27T10:00:00-00:00',
  },
  {
    alias: 'segment',
    name: 'Segment',
    description: 'Segments extension.',
    updated: '2016-02-24T17:00:00-00:00',
  },
  {
    alias: 'standard-attr-segment',
    name: 'Standard Attribute Segment Extension',
    description: 'Add standard attributes to Segment resource',
    updated: '2018-04-09T10:00:00-00:00',
  },
  {
    alias: 'subnet-segmentid-writable',
    name: 'Subnet SegmentID (writable)',
    description: 'Provides a writable segment_id attribute for a subnet resource.',
    updated: '2018-03-12T00:00:00-00:00',
  },
  {
    alias: 'l2_adjacency',
    name: 'L2 Adjacency',
    description: 'Display L2 Adjacency for Neutron Networks.',
    updated: '2016-04-12T16:00:00-00:00',
  },
  {
    alias: 'ip_allocation',
    name: 'IP Allocation',
    description: 'IP allocation extension.',
    updated: '2016-06-10T23:00:00-00:00',
  },
  {
    alias: 'net-mtu-writable',
    name: 'Network MTU (writable)',
    description: 'Provides a writable MTU attribute for a network resource.',
    updated: '2017-07-12T00:00:00-00:00',
  },
  {
    alias: 'dns-integration',
    name: 'DNS Integration',
    description: 'Provides integration with DNS.',
    updated: '2015-08-15T18:00:00-00:00',
  },
  {
    alias: 'rbac-policies',
    name: 'RBAC Policies',
    description: 'Allows creation and modification of policies that control tenant access to resources.',
    updated: '2015-06-17T12:15:12-00:00',
  },
  {
    alias: 'network-ip-availability',
    name: 'Network IP Availability',
    description: 'Provides IP availability data for each network and subnet.',
    updated: '2015-09-24T00:00:00-00:00',
  },
  {
    alias: 'agent',
    name: 'agent',
    description: 'The agent management extension.',
    updated: '2013-02-03T10:00:00-00:00',
  },
  {
    alias: 'availability_zone',
    name: 'Availability Zone',
    description: 'The availability zone extension.',
    updated: '2015-01-01T10:00:00-00:00',
  },
  {
    alias: 'network_availability_zone',
    name: 'Network Availability Zone',
    description: 'Availability zone support for network.',
    updated: '2015-01-01T10:00:00-00:00',
  },
  {
    alias: 'router_availability_zone',
    name: 'Router Availability Zone',
    description: 'Availability zone support for router.',
    updated: '2015-01-01T10:00:00-00:00',
  },
  {
    alias: 'dhcp_agent_scheduler',
    name: 'DHCP Agent Scheduler',
    description: 'Schedule networks among dhcp agents',
    updated: '2013-02-07T10:00:00-00:00',
  },
  {
    alias: 'l3_agent_scheduler',
    name: 'L3 Agent Scheduler',
    description: 'Schedule routers among l3 agents',
    updated: '2013-02-07T10:00:00-00:00',
  },
  {
    alias: 'dvr',
    name: 'Distributed Virtual Router',
    description: 'Enables configuration of Distributed Virtual Routers.',
    updated: '2014-06-1T10:00:00-00:00',
  },
  {
    alias: 'router-admin-state-down-before-update',
    name: "Enforce Router's Admin State Down Before Update Extension",
    description:
      'Ensure that the admin state of a router is DOWN (admin_state_up=False) before updating the distributed attribute',
    updated: '2019-07-02T15:56:00',
  },
  {
    alias: 'service-type',
    name: 'Neutron Service Type Management',
    description: 'API for retrieving service providers for Neutron advanced services',
    updated: '2013-01-20T00:00:00-00:00',
  },
];

export const RESOURCES = [
  ['network', 'networks'],
  ['subnet', 'subnets'],
  ['subnetpool', 'subnetpools'],
  ['port', 'ports'],
  ['security_group', 'security-groups'],
  ['security_group_rule', 'security-group-rules'],
] as const;

export const networkRoot = (rt: Runtime, request: FastifyRequest): string => `${baseUrl(rt.config, request)}/network`;

export function versionsDocument(root: string): Record<string, unknown> {
  return { versions: [{ id: 'v2.0', status: 'CURRENT', links: [{ rel: 'self', href: `${root}/v2.0/` }] }] };
}

const view = (e: Extension) => ({
  name: e.name,
  alias: e.alias,
  description: e.description,
  updated: e.updated,
  links: [],
});

export function extensionRoutes(rt: Runtime): Array<RouteDef<NeutronRouteTarget>> {
  return [
    route({
      method: 'GET',
      url: '/',
      policy: 'get_resources',
      handler: async (request) => ({
        resources: RESOURCES.map(([name, collection]) => ({
          name,
          collection,
          links: [{ rel: 'self', href: `${networkRoot(rt, request)}/v2.0/${collection}` }],
        })),
      }),
    }),
    route({
      method: 'GET',
      url: '/extensions',
      policy: 'get_extensions',
      handler: async () => ({ extensions: EXTENSIONS.map(view) }),
    }),
    route({
      method: 'GET',
      url: '/extensions/:alias',
      policy: 'get_extension',
      handler: async (request, reply) => {
        const { alias } = request.params;
        const e = EXTENSIONS.find((x) => x.alias === alias);
        if (!e) {
          // neutron/api/extensions.py raises webob's HTTPNotFound, which webob renders itself as
          // JSON (code, title, its explanation and the detail), not in the NeutronError envelope
          const { message } = extensionNotFound(alias);
          return reply
            .code(404)
            .type('application/json')
            .send({
              code: '404 Not Found',
              message: `The resource could not be found.<br /><br />\n${message}\n\n`,
              title: 'Not Found',
            });
        }
        return { extension: view(e) };
      },
    }),
  ];
}
