/** The Neutron rule table's checks, without HTTP: attribute visibility and match rules. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RequestContext } from '../../src/domain/context.js';
import { neutronAllowed, neutronEnforce, visibleAttributes } from '../../src/policy/network-rules.js';

function ctx(projectId: string, roles: string[]): RequestContext {
  return {
    requestId: 'req-1',
    userId: 'u',
    userName: 'u',
    userDomainId: 'default',
    projectId,
    projectName: projectId,
    projectDomainId: 'default',
    roles,
    isAdmin: roles.includes('admin'),
    isService: roles.includes('service'),
    tokenId: 't',
    issuedAt: new Date(0),
    expiresAt: new Date(0),
    methods: ['password'],
    authToken: 'x',
  };
}

const member = ctx('p1', ['member']);
const admin = ctx('admin-project', ['admin', 'member']);
const network = {
  id: 'n1',
  name: 'n',
  'router:external': false,
  shared: false,
  'provider:network_type': 'vxlan',
  'provider:physical_network': null,
  'provider:segmentation_id': 17,
  segments: [],
};
const target = { project_id: 'p1', network_project_id: 'p1', shared: false, external: false };

test("provider:* and segments of a network are admin-only (get_network:provider:*); the rest is everyone's", () => {
  assert.deepEqual(visibleAttributes(member, 'network', target, network), {
    id: 'n1',
    name: 'n',
    'router:external': false,
    shared: false,
  });
  assert.deepEqual(visibleAttributes(admin, 'network', target, network), network);
});

test('the owner may update its network but not share it; unknown rule names fail closed', () => {
  assert.doesNotThrow(() => neutronEnforce(member, 'update_network', target, [{ name: 'name' }]));
  assert.throws(() => neutronEnforce(member, 'update_network', target, [{ name: 'shared' }]), {
    status: 403,
    message: '(rule:update_network and rule:update_network:shared) is disallowed by policy',
  });
  assert.throws(() => neutronEnforce(ctx('p2', ['member']), 'update_network', target), {
    status: 403,
    message: 'rule:update_network is disallowed by policy',
  });
  assert.equal(neutronAllowed(admin, 'update_network:shared', target), true);
  assert.equal(neutronAllowed(admin, 'no_such_rule', target), false, 'a misspelt name fails closed, even for admin');
});

test("a network device owner is for the network's owner, admins and advsvc only", () => {
  const foreign = { project_id: 'p2', network_project_id: 'admin-project', shared: true, device_owner: 'network:dhcp' };
  assert.equal(neutronAllowed(ctx('p2', ['member']), 'create_port:device_owner', foreign), false);
  assert.equal(
    neutronAllowed(ctx('p2', ['member']), 'create_port:device_owner', { ...foreign, device_owner: 'compute:nova' }),
    true,
  );
  assert.equal(neutronAllowed(ctx('p2', ['advsvc']), 'create_port:device_owner', foreign), true);
});
