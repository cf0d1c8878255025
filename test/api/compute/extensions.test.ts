import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { XMLParser } from 'fast-xml-parser';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import type { RouteDef } from '../../../src/http/route-table.js';

let t: TestApp;
let demo: string;
let demoProject: string;
before(async () => {
  t = await startTestApp({}, { agent: false });
  demo = await t.tokenFor('demo');
  demoProject = (
    await t.rt.store.db.selectFrom('projects').select('id').where('name', '=', 'demo').executeTakeFirstOrThrow()
  ).id;
});
after(async () => {
  await t.close();
});

const E = '/compute/v2.1/extensions';

test("GET /extensions lists the flavor extensions with Nova's entries, sorted by alias", async () => {
  const res = await t.request('GET', E, { token: demo });
  assert.equal(res.status, 200);
  const aliases: string[] = res.body.extensions.map((e: { alias: string }) => e.alias);
  for (const a of [
    'OS-FLV-DISABLED',
    'OS-FLV-EXT-DATA',
    'os-flavor-access',
    'os-flavor-extra-specs',
    'os-flavor-manage',
    'os-flavor-rxtx',
    'os-flavor-swap',
    // the server actions and resources of issue 15's console/backup/diagnostics slice
    'os-create-backup',
    'os-console-auth-tokens',
    'os-consoles',
    'os-server-diagnostics',
  ]) {
    assert.ok(aliases.includes(a), a);
  }
  assert.deepEqual(aliases, [...aliases].sort());
  const manage = res.body.extensions.find((e: { alias: string }) => e.alias === 'os-flavor-manage');
  assert.deepEqual(manage, {
    alias: 'os-flavor-manage',
    description: 'Flavor create/delete API support.',
    links: [],
    name: 'FlavorManage',
    namespace: 'http://docs.openstack.org/compute/ext/fake_xml',
    updated: '2014-12-03T00:00:00Z',
  });
});

test("an extension appears only when its routes are served (virtual interfaces: the seed's entry)", async () => {
  // stackbox lists what its route table serves; register a virtual-interfaces route on a private app to see the entry
  const { computeRoutes } = await import('../../../src/api/compute/routes.js');
  const served = computeRoutes(t.rt).some((r: RouteDef) => /os-virtual-interfaces/.test(r.url));
  const res = await t.request('GET', `${E}/virtual_interfaces`, { token: demo });
  if (!served) {
    assert.equal(res.status, 404);
    return;
  }
  assert.equal(res.status, 200);
  assert.deepEqual(res.body.extension, {
    alias: 'virtual_interfaces',
    description: 'Virtual interface support',
    links: [],
    name: 'VirtualInterfaces',
    namespace: 'http://docs.openstack.org/ext/virtual_interfaces/api/v1.1',
    updated: '2011-08-17T00:00:00+00:00',
  });
  const xml = await t.request('GET', `${E}/virtual_interfaces.xml`, { token: demo });
  assert.match(
    xml.text,
    /<extension name="VirtualInterfaces" namespace="http:\/\/docs\.openstack\.org\/ext\/virtual_interfaces\/api\/v1\.1" alias="virtual_interfaces" updated="2011-08-17T00:00:00\+00:00"><description>Virtual interface support<\/description><\/extension>/,
  );
});

test('GET /extensions/{alias} → one entry; unknown alias → 404 itemNotFound', async () => {
  const res = await t.request('GET', `${E}/os-flavor-access`, { token: demo });
  assert.equal(res.status, 200);
  assert.equal(res.body.extension.name, 'FlavorAccess');
  const missing = await t.request('GET', `${E}/os-nothing`, { token: demo });
  assert.equal(missing.status, 404);
  assert.deepEqual(missing.body, { itemNotFound: { code: 404, message: 'The resource could not be found.' } });
});

test('XML with Accept: application/xml or a .xml suffix, in the <extensions><extension …><description> form', async () => {
  const byAccept = await t.request('GET', E, { token: demo, headers: { accept: 'application/xml' } });
  assert.equal(byAccept.status, 200);
  assert.match(String(byAccept.headers['content-type']), /^application\/xml/);
  const bySuffix = await t.request('GET', `${E}.xml`, { token: demo });
  assert.equal(bySuffix.text, byAccept.text);
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(byAccept.text);
  const ext = doc.extensions.extension as Array<Record<string, string>>;
  const json = await t.request('GET', E, { token: demo });
  assert.equal(ext.length, json.body.extensions.length);
  const fm = ext.find((e) => e.alias === 'os-flavor-manage');
  assert.deepEqual(fm, {
    name: 'FlavorManage',
    namespace: 'http://docs.openstack.org/compute/ext/fake_xml',
    alias: 'os-flavor-manage',
    updated: '2014-12-03T00:00:00Z',
    description: 'Flavor create/delete API support.',
  });
  const one = await t.request('GET', `${E}/os-flavor-manage.xml`, { token: demo });
  assert.match(
    one.text,
    /^<\?xml version='1\.0' encoding='UTF-8'\?>\n<extension name="FlavorManage" namespace="http:\/\/docs\.openstack\.org\/compute\/ext\/fake_xml" alias="os-flavor-manage" updated="2014-12-03T00:00:00Z"><description>Flavor create\/delete API support\.<\/description><\/extension>$/,
  );
});

test("legacy GET /compute/v1.1/{tenant_id}/extensions needs a token and the caller's project", async () => {
  const res = await t.request('GET', `/compute/v1.1/${demoProject}/extensions`, { token: demo });
  assert.equal(res.status, 200);
  assert.ok(res.body.extensions.length > 0);
  const one = await t.request('GET', `/compute/v1.1/${demoProject}/extensions/os-flavor-manage`, { token: demo });
  assert.equal(one.body.extension.alias, 'os-flavor-manage');
  assert.equal((await t.request('GET', `/compute/v1.1/${demoProject}/extensions`)).status, 401);
  assert.equal((await t.request('GET', '/compute/v1.1/other/extensions', { token: demo })).status, 400);
  const v21 = await t.request('GET', `/compute/v2.1/${demoProject}/extensions`, { token: demo });
  assert.equal(v21.status, 200);
});

test("the virtual interfaces entry and its XML are exactly the seed document's", async () => {
  const { servedExtensions, extensionsXml } = await import('../../../src/api/compute/views/extensions.js');
  const only = servedExtensions((m, p) => m === 'GET' && p === '/servers/x/os-virtual-interfaces');
  assert.deepEqual(
    JSON.parse(JSON.stringify({ extensions: only })),
    JSON.parse(
      '{"extensions": [{"updated": "2011-08-17T00:00:00+00:00", "name": "VirtualInterfaces", "links": [], "namespace": "http://docs.openstack.org/ext/virtual_interfaces/api/v1.1", "alias": "virtual_interfaces", "description": "Virtual interface support"}]}',
    ),
  );
  assert.equal(
    extensionsXml(only),
    "<?xml version='1.0' encoding='UTF-8'?>\n" +
      '<extensions><extension name="VirtualInterfaces" namespace="http://docs.openstack.org/ext/virtual_interfaces/api/v1.1" alias="virtual_interfaces" updated="2011-08-17T00:00:00+00:00"><description>Virtual interface support</description></extension></extensions>',
  );
});

test('the admin resources are listed once served: aggregates, quotas, services, usage', async () => {
  const res = await t.request('GET', E, { token: demo });
  const aliases: string[] = res.body.extensions.map((e: { alias: string }) => e.alias);
  for (const a of ['os-aggregates', 'os-quota-class-sets', 'os-quota-sets', 'os-services', 'os-simple-tenant-usage']) {
    assert.ok(aliases.includes(a), a);
  }
  const q = await t.request('GET', `${E}/os-quota-sets`, { token: demo });
  assert.equal(q.body.extension.name, 'Quotas');
  assert.equal(q.body.extension.description, 'Quotas management support.');
});

test('the images proxy, os-hosts, the usage audit log and served server features are listed', async () => {
  const res = await t.request('GET', E, { token: demo });
  assert.equal(res.status, 200);
  const aliases: string[] = res.body.extensions.map((e: { alias: string }) => e.alias);
  for (const a of [
    'OS-EXT-IMG-SIZE',
    'os-hosts',
    'os-instance_usage_audit_log',
    'os-hypervisor-status',
    'os-migrations',
    'os-evacuate',
    'os-migrate-server',
    'os-floating-ips',
    'OS-SRV-USG',
    'os-block-device-mapping-v2-boot',
  ])
    assert.ok(aliases.includes(a), a);
  assert.deepEqual(aliases, [...aliases].sort());
  assert.equal(new Set(aliases).size, aliases.length);
  const img = await t.request('GET', `${E}/OS-EXT-IMG-SIZE`, { token: demo });
  assert.deepEqual(img.body.extension, {
    alias: 'OS-EXT-IMG-SIZE',
    description: 'Adds image size to image listings.',
    links: [],
    name: 'ImageSize',
    namespace: 'http://docs.openstack.org/compute/ext/fake_xml',
    updated: '2014-12-03T00:00:00Z',
  });
});
