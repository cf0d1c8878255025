/**
 * Neutron's quotas (quotas, quota_details, quota-check-limit extensions): show/default/details for
 * one's own project and, for admins, any project; the admin's list, update and reset; and the
 * 409 OverQuota at create of networks, subnets, ports, routers, floating IPs, security groups and
 * rules, decided in the database so that concurrent creates at the edge admit exactly the limit.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { defaultConfig } from '../../../src/config/config.js';

let t: TestApp;
let admin: string;
let demo: string;
let alt: string;
let demoId: string;
let altId: string;
before(async () => {
  t = await startTestApp(
    {
      // the product defaults (the test configuration leaves Neutron's quotas unlimited)
      networkQuotas: defaultConfig().networkQuotas,
      seedUsers: [{ name: 'alt', password: 'secret', project: 'alt', roles: ['member', 'reader'] }],
    },
    { agent: false },
  );
  admin = await t.tokenFor('admin');
  demo = await t.tokenFor('demo');
  alt = await t.tokenFor('alt');
  const projects = await t.rt.store.db.selectFrom('projects').select(['id', 'name']).execute();
  demoId = projects.find((p) => p.name === 'demo')?.id ?? '';
  altId = projects.find((p) => p.name === 'alt')?.id ?? '';
});
after(async () => {
  await t.close();
});

const Q = '/network/v2.0/quotas';
const DEFAULTS = {
  network: 100,
  subnet: 100,
  subnetpool: -1,
  port: 500,
  router: 10,
  floatingip: 50,
  rbac_policy: 10,
  security_group: 10,
  security_group_rule: 100,
};

const put = (projectId: string, quota: Record<string, unknown>, token = admin) =>
  t.request('PUT', `${Q}/${projectId}`, { token, body: { quota } });

const neutronError = (body: { NeutronError: { type: string; message: string } }) =>
  `${body.NeutronError.type}: ${body.NeutronError.message}`;

test("a member reads its own project's quotas, defaults and details; another project's is admin-only", async () => {
  const own = await t.request('GET', `${Q}/${demoId}`, { token: demo });
  assert.equal(own.status, 200);
  assert.deepEqual(own.body, { quota: DEFAULTS });
  assert.deepEqual(Object.keys(own.body.quota), Object.keys(DEFAULTS), "Neutron's resource order");

  const dflt = await t.request('GET', `${Q}/${demoId}/default`, { token: demo });
  assert.equal(dflt.status, 200);
  assert.deepEqual(dflt.body, { quota: DEFAULTS });

  const other = await t.request('GET', `${Q}/${altId}`, { token: demo });
  assert.equal(other.status, 403);
  assert.equal(neutronError(other.body), 'PolicyNotAuthorized: rule:get_quota is disallowed by policy');
  const otherDefault = await t.request('GET', `${Q}/${altId}/default`, { token: demo });
  assert.equal(otherDefault.status, 403);
  const otherDetails = await t.request('GET', `${Q}/${altId}/details`, { token: demo });
  assert.equal(otherDetails.status, 403);
  assert.equal(
    neutronError(otherDetails.body),
    'AdminRequired: User does not have admin privileges: Only admin is authorized to access quotas for another project.',
  );
  const byAdmin = await t.request('GET', `${Q}/${altId}`, { token: admin });
  assert.equal(byAdmin.status, 200);
  assert.deepEqual(byAdmin.body, { quota: DEFAULTS });

  const list = await t.request('GET', Q, { token: demo });
  assert.equal(list.status, 403);
  assert.equal(neutronError(list.body), 'PolicyNotAuthorized: rule:get_quota is disallowed by policy');

  const whoami = await t.request('GET', `${Q}/project`, { token: demo });
  assert.deepEqual(whoami.body, { project: { project_id: demoId } });
  const tenant = await t.request('GET', `${Q}/tenant`, { token: demo });
  assert.deepEqual(tenant.body, { tenant: { tenant_id: demoId } });
});

test('details count what the project holds: its default group and rules included', async () => {
  const net = await t.request('POST', '/network/v2.0/networks', { token: alt, body: { network: { name: 'qd' } } });
  assert.equal(net.status, 201);
  const netId = net.body.network.id;
  await t.request('POST', '/network/v2.0/subnets', {
    token: alt,
    body: { subnet: { network_id: netId, cidr: '10.91.0.0/24' } },
  });
  const port = await t.request('POST', '/network/v2.0/ports', { token: alt, body: { port: { network_id: netId } } });
  assert.equal(port.status, 201);
  const res = await t.request('GET', `${Q}/${altId}/details`, { token: alt });
  assert.equal(res.status, 200);
  const q = res.body.quota;
  assert.deepEqual(q.network, { limit: 100, used: 1, reserved: 0 });
  assert.deepEqual(q.subnet, { limit: 100, used: 1, reserved: 0 });
  assert.deepEqual(q.port, { limit: 500, used: 1, reserved: 0 });
  assert.deepEqual(q.security_group, { limit: 10, used: 1, reserved: 0 });
  assert.deepEqual(q.security_group_rule, { limit: 100, used: 4, reserved: 0 });
  assert.deepEqual(q.router, { limit: 10, used: 0, reserved: 0 });
  assert.deepEqual(Object.keys(q), Object.keys(DEFAULTS));
});

test('an admin updates and resets a project; the list shows projects with limits of their own', async () => {
  const denied = await put(demoId, { port: 3 }, demo);
  assert.equal(denied.status, 403);
  assert.equal(neutronError(denied.body), 'PolicyNotAuthorized: rule:update_quota is disallowed by policy');

  const empty = await t.request('GET', Q, { token: admin });
  assert.deepEqual(empty.body, { quotas: [] });

  const res = await put(demoId, { port: '7', network: 40, force: true });
  assert.equal(res.status, 200);
  assert.deepEqual(res.body, { quota: { ...DEFAULTS, network: 40, port: 7 } });
  const rows = await t.rt.store.db
    .selectFrom('neutron_quotas')
    .selectAll()
    .where('project_id', '=', demoId)
    .orderBy('resource')
    .execute();
  assert.deepEqual(
    rows.map((r) => [r.resource, Number(r.hard_limit)]),
    [
      ['network', 40],
      ['port', 7],
    ],
  );
  const shown = await t.request('GET', `${Q}/${demoId}`, { token: demo });
  assert.equal(shown.body.quota.port, 7);
  const dflt = await t.request('GET', `${Q}/${demoId}/default`, { token: demo });
  assert.equal(dflt.body.quota.port, 500);

  const list = await t.request('GET', Q, { token: admin });
  assert.equal(list.status, 200);
  assert.deepEqual(list.body.quotas, [{ ...DEFAULTS, network: 40, port: 7, project_id: demoId, tenant_id: demoId }]);

  // the legacy router maps POST on a member to update; POST on the collection is 501
  const viaPost = await t.request('POST', `${Q}/${demoId}`, { token: admin, body: { quota: { router: 4 } } });
  assert.equal(viaPost.status, 200);
  assert.equal(viaPost.body.quota.router, 4);
  const postCollection = await t.request('POST', Q, { token: admin, body: { quota: { port: 1 } } });
  assert.equal(postCollection.status, 501);
  assert.equal(
    neutronError(postCollection.body),
    'HTTPNotImplemented: POST requests are not supported on this resource.',
  );

  const memberDelete = await t.request('DELETE', `${Q}/${demoId}`, { token: demo });
  assert.equal(memberDelete.status, 403);
  assert.equal(neutronError(memberDelete.body), 'PolicyNotAuthorized: rule:delete_quota is disallowed by policy');
  const del = await t.request('DELETE', `${Q}/${demoId}`, { token: admin });
  assert.equal(del.status, 204);
  const again = await t.request('DELETE', `${Q}/${demoId}`, { token: admin });
  assert.equal(again.status, 404);
  assert.equal(neutronError(again.body), `TenantQuotaNotFound: Quota for tenant ${demoId} could not be found.`);
  const back = await t.request('GET', `${Q}/${demoId}`, { token: demo });
  assert.deepEqual(back.body, { quota: DEFAULTS });
});

test("bad limits are Neutron's 400s and write nothing", async () => {
  const cases: Array<[Record<string, unknown>, string]> = [
    [{ port: 'abc' }, "InvalidInput: Invalid input for operation: 'abc' is not an integer."],
    [{ port: null }, "InvalidInput: Invalid input for operation: 'None' is not an integer."],
    [{ port: -5 }, "HTTPBadRequest: Invalid input for port. Reason: '-5' is too small - must be at least '-1'."],
    [
      { port: 2147483648 },
      "HTTPBadRequest: Invalid input for port. Reason: '2147483648' is too large - must be no larger than '2147483647'.",
    ],
    [{ bogus: 7 }, "HTTPBadRequest: Unrecognized attribute(s) 'bogus'"],
    [{ tenant_id: 'x' }, "HTTPBadRequest: Unrecognized attribute(s) 'project_id, tenant_id'"],
  ];
  for (const [quota, expected] of cases) {
    const res = await put(altId, quota);
    assert.equal(res.status, 400, JSON.stringify(quota));
    assert.equal(neutronError(res.body), expected);
  }
  const noBody = await t.request('PUT', `${Q}/${altId}`, { token: admin, body: { port: 3 } });
  assert.equal(noBody.status, 400);
  // check_limit: a limit below what the project holds is refused; without it, it is set
  const below = await put(altId, { security_group_rule: 2, check_limit: true });
  assert.equal(below.status, 400);
  assert.equal(
    neutronError(below.body),
    'HTTPBadRequest: Quota limit 2 for security_group_rule must be greater than or equal to already used 4',
  );
  const rows = await t.rt.store.db.selectFrom('neutron_quotas').selectAll().where('project_id', '=', altId).execute();
  assert.deepEqual(rows, []);
  const fractional = await put(altId, { router: 1.5 });
  assert.equal(fractional.body.quota.router, 1);
  assert.equal((await t.request('DELETE', `${Q}/${altId}`, { token: admin })).status, 204);
});

test('creates beyond the limit are 409 OverQuota naming the resource', async () => {
  const fresh = 'quota-edge';
  await t.request('POST', '/identity/v3/projects', {
    token: admin,
    body: { project: { name: fresh, domain_id: 'default' } },
  });
  const projectId = (
    await t.rt.store.db.selectFrom('projects').select('id').where('name', '=', fresh).executeTakeFirst()
  )?.id;
  assert.ok(projectId);
  const limits = { network: 1, subnet: 1, port: 1, security_group: 2, security_group_rule: 7 };
  assert.equal((await put(projectId, limits)).status, 200);

  const net = (name: string) =>
    t.request('POST', '/network/v2.0/networks', { token: admin, body: { network: { name, project_id: projectId } } });
  const first = await net('n1');
  assert.equal(first.status, 201);
  const second = await net('n2');
  assert.equal(second.status, 409);
  assert.equal(neutronError(second.body), "OverQuota: Quota exceeded for resources: ['network'].");

  const netId = first.body.network.id;
  const subnet = (cidr: string) =>
    t.request('POST', '/network/v2.0/subnets', {
      token: admin,
      body: { subnet: { network_id: netId, cidr, project_id: projectId } },
    });
  assert.equal((await subnet('10.92.0.0/24')).status, 201);
  const sub2 = await subnet('10.92.1.0/24');
  assert.equal(sub2.status, 409);
  assert.equal(neutronError(sub2.body), "OverQuota: Quota exceeded for resources: ['subnet'].");

  const port = () =>
    t.request('POST', '/network/v2.0/ports', {
      token: admin,
      body: { port: { network_id: netId, project_id: projectId } },
    });
  assert.equal((await port()).status, 201); // creates the default group: 1 group, 4 rules
  const port2 = await port();
  assert.equal(port2.status, 409);
  assert.equal(neutronError(port2.body), "OverQuota: Quota exceeded for resources: ['port'].");

  const group = (name: string) =>
    t.request('POST', '/network/v2.0/security-groups', {
      token: admin,
      body: { security_group: { name, project_id: projectId } },
    });
  const g1 = await group('g1'); // 2 groups, 6 rules
  assert.equal(g1.status, 201);
  const g2 = await group('g2');
  assert.equal(g2.status, 409);
  assert.equal(neutronError(g2.body), "OverQuota: Quota exceeded for resources: ['security_group'].");
  // room for another group, not for its two egress rules
  assert.equal((await put(projectId, { security_group: 5 })).status, 200);
  const g3 = await group('g3');
  assert.equal(g3.status, 409);
  assert.equal(neutronError(g3.body), "OverQuota: Quota exceeded for resources: ['security_group_rule'].");

  const rule = (port: number) =>
    t.request('POST', '/network/v2.0/security-group-rules', {
      token: admin,
      body: {
        security_group_rule: {
          security_group_id: g1.body.security_group.id,
          direction: 'ingress',
          protocol: 'tcp',
          port_range_min: port,
          port_range_max: port,
          project_id: projectId,
        },
      },
    });
  assert.equal((await rule(22)).status, 201);
  const r2 = await rule(80);
  assert.equal(r2.status, 409);
  assert.equal(neutronError(r2.body), "OverQuota: Quota exceeded for resources: ['security_group_rule'].");

  const count = async (table: 'networks' | 'subnets' | 'ports' | 'security_groups' | 'security_group_rules') =>
    Number(
      (
        await t.rt.store.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('project_id', '=', projectId)
          .executeTakeFirstOrThrow()
      ).n,
    );
  assert.deepEqual(
    [
      await count('networks'),
      await count('subnets'),
      await count('ports'),
      await count('security_groups'),
      await count('security_group_rules'),
    ],
    [1, 1, 1, 2, 7],
  );
  const details = await t.request('GET', `${Q}/${projectId}/details`, { token: admin });
  assert.deepEqual(details.body.quota.security_group_rule, { limit: 7, used: 7, reserved: 0 });
});

test('concurrent creates at the edge: exactly the limit is admitted', async () => {
  const net = await t.request('POST', '/network/v2.0/networks', { token: demo, body: { network: { name: 'race' } } });
  const netId = net.body.network.id;
  await t.request('POST', '/network/v2.0/subnets', {
    token: demo,
    body: { subnet: { network_id: netId, cidr: '10.93.0.0/24' } },
  });
  const existing = Number(
    (
      await t.rt.store.db
        .selectFrom('ports')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('project_id', '=', demoId)
        .executeTakeFirstOrThrow()
    ).n,
  );
  assert.equal((await put(demoId, { port: existing + 3, security_group: 4 })).status, 200);
  const ports = await Promise.all(
    Array.from({ length: 10 }, () =>
      t.request('POST', '/network/v2.0/ports', { token: demo, body: { port: { network_id: netId } } }),
    ),
  );
  assert.deepEqual(
    ports.map((r) => r.status).sort(),
    [...Array<number>(3).fill(201), ...Array<number>(7).fill(409)],
    JSON.stringify(ports.filter((r) => r.status !== 201 && r.status !== 409).map((r) => r.body)),
  );
  const groups = await Promise.all(
    Array.from({ length: 8 }, (_, i) =>
      t.request('POST', '/network/v2.0/security-groups', { token: demo, body: { security_group: { name: `r${i}` } } }),
    ),
  );
  // the default group is one of the four
  assert.equal(groups.filter((r) => r.status === 201).length, 3);
  assert.equal(groups.filter((r) => r.status === 409).length, 5);
  const stored = await t.rt.store.db
    .selectFrom('ports')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('project_id', '=', demoId)
    .executeTakeFirstOrThrow();
  assert.equal(Number(stored.n), existing + 3);
  assert.equal((await t.request('DELETE', `${Q}/${demoId}`, { token: admin })).status, 204);
});

test('the extensions list advertises quotas, quota_details and quota-check-limit', async () => {
  const res = await t.request('GET', '/network/v2.0/extensions', { token: demo });
  const aliases = res.body.extensions.map((e: { alias: string }) => e.alias);
  for (const a of ['quotas', 'quota_details', 'quota-check-limit']) assert.ok(aliases.includes(a), a);
});

test('routers and floating IPs count against their quotas: the next create is 409 and allocates nothing', async () => {
  const fresh = 'quota-l3';
  await t.request('POST', '/identity/v3/projects', {
    token: admin,
    body: { project: { name: fresh, domain_id: 'default' } },
  });
  const projectId = (
    await t.rt.store.db.selectFrom('projects').select('id').where('name', '=', fresh).executeTakeFirst()
  )?.id;
  assert.ok(projectId);
  assert.equal((await put(projectId, { router: 1, floatingip: 1 })).status, 200);

  const router = (name: string) =>
    t.request('POST', '/network/v2.0/routers', { token: admin, body: { router: { name, project_id: projectId } } });
  assert.equal((await router('r1')).status, 201);
  const r2 = await router('r2');
  assert.equal(r2.status, 409, r2.text);
  assert.equal(neutronError(r2.body), "OverQuota: Quota exceeded for resources: ['router'].");

  const pub = await t.request('GET', '/network/v2.0/networks?name=public', { token: admin });
  const publicId = pub.body.networks[0].id as string;
  const fip = () =>
    t.request('POST', '/network/v2.0/floatingips', {
      token: admin,
      body: { floatingip: { floating_network_id: publicId, project_id: projectId } },
    });
  assert.equal((await fip()).status, 201);
  const portsBefore = await t.rt.store.db.selectFrom('ports').select('id').execute();
  const f2 = await fip();
  assert.equal(f2.status, 409, f2.text);
  assert.equal(neutronError(f2.body), "OverQuota: Quota exceeded for resources: ['floatingip'].");
  // no floating IP port was left behind by the refused request
  assert.equal((await t.rt.store.db.selectFrom('ports').select('id').execute()).length, portsBefore.length);

  const details = await t.request('GET', `${Q}/${projectId}/details`, { token: admin });
  assert.deepEqual(details.body.quota.router, { limit: 1, used: 1, reserved: 0 });
  assert.deepEqual(details.body.quota.floatingip, { limit: 1, used: 1, reserved: 0 });
});
