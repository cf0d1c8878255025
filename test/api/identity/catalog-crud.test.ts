import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { seedCatalog } from '../../../src/store/seed-catalog.js';

let t: TestApp;
let admin: string;
let demo: string;
before(async () => {
  t = await startTestApp({}, { agent: false });
  admin = await t.tokenFor('admin');
  demo = await t.tokenFor('demo');
});
after(async () => {
  await t.close();
});

const V3 = '/identity/v3';
type Entry = {
  id: string;
  type: string;
  name: string;
  endpoints: Array<{ id: string; url: string; region_id: string }>;
};

/** the catalog of a freshly issued token for the admin on project admin */
async function freshCatalog(): Promise<Entry[]> {
  const r = await t.request('POST', `${V3}/auth/tokens`, {
    body: {
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: 'admin', domain: { id: 'default' }, password: 'secret' } },
        },
        scope: { project: { name: 'admin', domain: { id: 'default' } } },
      },
    },
  });
  assert.equal(r.status, 201);
  return r.body.token.catalog as Entry[];
}

const adminProjectId = async () =>
  (await t.rt.store.db.selectFrom('projects').select('id').where('name', '=', 'admin').executeTakeFirstOrThrow()).id;

test('service CRUD: Keystone bodies, extra properties, validation, store rows', async () => {
  const created = await t.request('POST', `${V3}/services`, {
    token: admin,
    body: { service: { type: 'compute2', name: 'svc2', description: 'second compute', foo: 'bar' } },
  });
  assert.equal(created.status, 201);
  const s = created.body.service;
  assert.equal(s.type, 'compute2');
  assert.equal(s.name, 'svc2');
  assert.equal(s.enabled, true);
  assert.equal(s.description, 'second compute');
  assert.equal(s.foo, 'bar');
  assert.match(s.id, /^[0-9a-f]{32}$/);
  assert.match(s.links.self, new RegExp(`/identity/v3/services/${s.id}$`));
  const row = await t.rt.store.db.selectFrom('catalog_services').selectAll().where('id', '=', s.id).executeTakeFirst();
  assert.equal(row?.type, 'compute2');
  assert.equal(row?.enabled, 1);

  // a service without a name shows '' (Keystone keeps the name in its extra properties)
  const nameless = await t.request('POST', `${V3}/services`, { token: admin, body: { service: { type: 'x' } } });
  assert.equal(nameless.body.service.name, '');

  const byName = await t.request('GET', `${V3}/services?name=svc2`, { token: admin });
  assert.deepEqual(
    byName.body.services.map((x: { id: string }) => x.id),
    [s.id],
  );

  const patched = await t.request('PATCH', `${V3}/services/${s.id}`, {
    token: admin,
    body: { service: { enabled: false, description: 'off' } },
  });
  assert.equal(patched.status, 200);
  assert.equal(patched.body.service.enabled, false);
  assert.equal(patched.body.service.description, 'off');
  assert.equal(patched.body.service.name, 'svc2');
  assert.equal((await t.request('GET', `${V3}/services/${s.id}`, { token: admin })).body.service.enabled, false);

  const missingType = await t.request('POST', `${V3}/services`, { token: admin, body: { service: { name: 'n' } } });
  assert.equal(missingType.status, 400);
  assert.match(missingType.body.error.message, /'type' is a required property$/);
  const badEnabled = await t.request('POST', `${V3}/services`, {
    token: admin,
    body: { service: { type: 'x', enabled: 'yes' } },
  });
  assert.equal(badEnabled.status, 400);
  assert.match(badEnabled.body.error.message, /^Invalid input for field 'enabled': 'yes' is not of type 'boolean'/);
  const changeId = await t.request('PATCH', `${V3}/services/${s.id}`, { token: admin, body: { service: { id: 'x' } } });
  assert.deepEqual(changeId.body, { error: { code: 400, title: 'Bad Request', message: 'Cannot change ID' } });
  const missing = await t.request('PATCH', `${V3}/services/nope`, { token: admin, body: { service: { type: 'y' } } });
  assert.deepEqual(missing.body, {
    error: { code: 404, title: 'Not Found', message: 'Could not find service: nope.' },
  });

  assert.equal((await t.request('DELETE', `${V3}/services/${nameless.body.service.id}`, { token: admin })).status, 204);
  assert.equal((await t.request('DELETE', `${V3}/services/${nameless.body.service.id}`, { token: admin })).status, 404);
});

test('a member can read regions but create, change or delete nothing in the catalog', async () => {
  const attempts: Array<[string, string, unknown, string]> = [
    ['POST', '/services', { service: { type: 'x' } }, 'identity:create_service'],
    ['PATCH', '/services/whatever', { service: { type: 'x' } }, 'identity:update_service'],
    ['DELETE', '/services/whatever', undefined, 'identity:delete_service'],
    [
      'POST',
      '/endpoints',
      { endpoint: { service_id: 'a', interface: 'public', url: 'http://x' } },
      'identity:create_endpoint',
    ],
    ['PATCH', '/endpoints/whatever', { endpoint: { url: 'http://x' } }, 'identity:update_endpoint'],
    ['DELETE', '/endpoints/whatever', undefined, 'identity:delete_endpoint'],
    ['POST', '/regions', { region: { id: 'rx' } }, 'identity:create_region'],
    ['PUT', '/regions/rx', { region: {} }, 'identity:create_region'],
    ['PATCH', '/regions/RegionOne', { region: { description: 'x' } }, 'identity:update_region'],
    ['DELETE', '/regions/RegionOne', undefined, 'identity:delete_region'],
  ];
  for (const [method, path, body, rule] of attempts) {
    const r = await t.request(method, `${V3}${path}`, { token: demo, body });
    assert.equal(r.status, 403, `${method} ${path}`);
    assert.equal(r.body.error.message, `You are not authorized to perform the requested action: ${rule}.`);
  }
  assert.equal((await t.rt.store.db.selectFrom('regions').select('id').where('id', '=', 'rx').execute()).length, 0);
  assert.equal((await t.request('GET', `${V3}/regions/RegionOne`, { token: demo })).status, 200);
});

test('endpoints: created ones reach new tokens, disabled ones and disabled services leave them', async () => {
  const svc = (
    await t.request('POST', `${V3}/services`, { token: admin, body: { service: { type: 'dns', name: 'designate' } } })
  ).body.service;
  // a service without endpoints is in the catalog, with none (as in Keystone)
  assert.deepEqual((await freshCatalog()).find((c) => c.id === svc.id)?.endpoints, []);

  const created = await t.request('POST', `${V3}/endpoints`, {
    token: admin,
    body: {
      endpoint: { service_id: svc.id, interface: 'public', url: 'http://dns.example:9001/v2', region_id: 'RegionOne' },
    },
  });
  assert.equal(created.status, 201);
  const ep = created.body.endpoint;
  assert.equal(ep.service_id, svc.id);
  assert.equal(ep.interface, 'public');
  assert.equal(ep.url, 'http://dns.example:9001/v2');
  assert.equal(ep.region_id, 'RegionOne');
  assert.equal(ep.region, 'RegionOne');
  assert.equal(ep.enabled, true);
  const row = await t.rt.store.db
    .selectFrom('catalog_endpoints')
    .selectAll()
    .where('id', '=', ep.id)
    .executeTakeFirst();
  assert.equal(row?.service_id, svc.id);

  // the legacy `region` attribute stands for region_id; $(project_id)s is filled in per token
  const templated = await t.request('POST', `${V3}/endpoints`, {
    token: admin,
    body: {
      endpoint: {
        service_id: svc.id,
        interface: 'internal',
        url: 'http://dns.internal/$(project_id)s',
        region: 'RegionOne',
      },
    },
  });
  assert.equal(templated.status, 201);
  assert.equal(templated.body.endpoint.region_id, 'RegionOne');
  assert.equal(templated.body.endpoint.url, 'http://dns.internal/$(project_id)s');

  let entry = (await freshCatalog()).find((c) => c.id === svc.id)!;
  assert.equal(entry.type, 'dns');
  assert.equal(entry.name, 'designate');
  assert.deepEqual(entry.endpoints.map((e) => e.id).sort(), [ep.id, templated.body.endpoint.id].sort());
  assert.equal(
    entry.endpoints.find((e) => e.id === templated.body.endpoint.id)?.url,
    `http://dns.internal/${await adminProjectId()}`,
  );
  const authCatalog = await t.request('GET', `${V3}/auth/catalog`, { token: admin });
  assert.ok(authCatalog.body.catalog.some((c: Entry) => c.id === svc.id && c.endpoints.some((e) => e.id === ep.id)));

  // filters
  const filtered = await t.request('GET', `${V3}/endpoints?service_id=${svc.id}&interface=public`, { token: admin });
  assert.deepEqual(
    filtered.body.endpoints.map((e: { id: string }) => e.id),
    [ep.id],
  );
  const inRegion = await t.request('GET', `${V3}/endpoints?region_id=RegionOne`, { token: admin });
  assert.ok(inRegion.body.endpoints.length >= 17);
  assert.equal(
    (await t.request('GET', `${V3}/endpoints?region_id=Elsewhere`, { token: admin })).body.endpoints.length,
    0,
  );

  // a disabled endpoint leaves new tokens; so does every endpoint of a disabled service
  const off = await t.request('PATCH', `${V3}/endpoints/${ep.id}`, {
    token: admin,
    body: { endpoint: { enabled: false } },
  });
  assert.equal(off.status, 200);
  assert.equal(off.body.endpoint.enabled, false);
  entry = (await freshCatalog()).find((c) => c.id === svc.id)!;
  assert.deepEqual(
    entry.endpoints.map((e) => e.id),
    [templated.body.endpoint.id],
  );
  await t.request('PATCH', `${V3}/services/${svc.id}`, { token: admin, body: { service: { enabled: false } } });
  assert.equal(
    (await freshCatalog()).find((c) => c.id === svc.id),
    undefined,
  );
  await t.request('PATCH', `${V3}/services/${svc.id}`, { token: admin, body: { service: { enabled: true } } });

  // a changed URL shows in the next token
  await t.request('PATCH', `${V3}/endpoints/${ep.id}`, {
    token: admin,
    body: { endpoint: { enabled: true, url: 'https://dns.example/v2' } },
  });
  entry = (await freshCatalog()).find((c) => c.id === svc.id)!;
  assert.equal(entry.endpoints.find((e) => e.id === ep.id)?.url, 'https://dns.example/v2');

  // deleting the service deletes its endpoints
  assert.equal((await t.request('DELETE', `${V3}/services/${svc.id}`, { token: admin })).status, 204);
  assert.equal((await t.request('GET', `${V3}/endpoints/${ep.id}`, { token: admin })).status, 404);
  assert.equal(
    (await t.rt.store.db.selectFrom('catalog_endpoints').select('id').where('service_id', '=', svc.id).execute())
      .length,
    0,
  );
  assert.equal(
    (await freshCatalog()).find((c) => c.id === svc.id),
    undefined,
  );
});

test('endpoint validation: Keystone 400s and 404s', async () => {
  const svc = (await t.request('POST', `${V3}/services`, { token: admin, body: { service: { type: 'v' } } })).body
    .service;
  const post = (endpoint: Record<string, unknown>) =>
    t.request('POST', `${V3}/endpoints`, { token: admin, body: { endpoint } });
  const noService = await post({ service_id: 'nope', interface: 'public', url: 'http://x/y' });
  assert.deepEqual(noService.body, {
    error: {
      code: 400,
      title: 'Bad Request',
      message:
        'Expecting to find endpoint service_id in service table. The server could not comply with the request since it is either malformed or otherwise incorrect. The client is assumed to be in error.',
    },
  });
  const noRegion = await post({ service_id: svc.id, interface: 'public', url: 'http://x/y', region_id: 'zz' });
  assert.equal(noRegion.status, 400);
  assert.match(noRegion.body.error.message, /^Expecting to find endpoint region_id in region table\./);
  const badIface = await post({ service_id: svc.id, interface: 'bogus', url: 'http://x/y' });
  assert.equal(badIface.status, 400);
  assert.match(badIface.body.error.message, /^Invalid input for field 'interface': 'bogus' is not one of/);
  const badUrl = await post({ service_id: svc.id, interface: 'public', url: 'notaurl' });
  assert.equal(badUrl.status, 400);
  assert.match(badUrl.body.error.message, /^Invalid input for field 'url': 'notaurl' does not match/);
  const noUrl = await post({ service_id: svc.id, interface: 'public' });
  assert.match(noUrl.body.error.message, /'url' is a required property$/);
  assert.equal(
    (await t.rt.store.db.selectFrom('catalog_endpoints').select('id').where('service_id', '=', svc.id).execute())
      .length,
    0,
  );

  const ep = (await post({ service_id: svc.id, interface: 'admin', url: 'http://x/y' })).body.endpoint;
  assert.equal(ep.region_id, null);
  const moveToNowhere = await t.request('PATCH', `${V3}/endpoints/${ep.id}`, {
    token: admin,
    body: { endpoint: { service_id: 'nope' } },
  });
  assert.equal(moveToNowhere.status, 400);
  assert.match(moveToNowhere.body.error.message, /^Expecting to find endpoint service_id in service table\./);
  assert.equal(
    (await t.request('PATCH', `${V3}/endpoints/${ep.id}`, { token: admin, body: { endpoint: { id: 'z' } } })).body.error
      .message,
    'Cannot change ID',
  );
  assert.deepEqual(
    (await t.request('DELETE', `${V3}/endpoints/nope`, { token: admin })).body.error.message,
    'Could not find endpoint: nope.',
  );
  assert.equal((await t.request('DELETE', `${V3}/endpoints/${ep.id}`, { token: admin })).status, 204);
  assert.equal(
    (await t.rt.store.db.selectFrom('catalog_endpoints').select('id').where('id', '=', ep.id).execute()).length,
    0,
  );
});

test('the legacy endpoint `region` creates a missing region (create and update), region_id does not', async () => {
  const svc = (await t.request('POST', `${V3}/services`, { token: admin, body: { service: { type: 'lr' } } })).body
    .service;
  const created = await t.request('POST', `${V3}/endpoints`, {
    token: admin,
    body: { endpoint: { service_id: svc.id, interface: 'public', url: 'http://x/y', region: 'legacy-1' } },
  });
  assert.equal(created.status, 201);
  assert.equal(created.body.endpoint.region_id, 'legacy-1');
  assert.equal(created.body.endpoint.region, 'legacy-1');
  const region = await t.request('GET', `${V3}/regions/legacy-1`, { token: admin });
  assert.equal(region.status, 200);
  assert.equal(region.body.region.parent_region_id, null);
  // an existing region is reused; a PATCH with `region` and region_id null creates one too
  const again = await t.request('POST', `${V3}/endpoints`, {
    token: admin,
    body: { endpoint: { service_id: svc.id, interface: 'admin', url: 'http://x/z', region: 'legacy-1' } },
  });
  assert.equal(again.status, 201);
  const moved = await t.request('PATCH', `${V3}/endpoints/${created.body.endpoint.id}`, {
    token: admin,
    body: { endpoint: { region: 'legacy-2', region_id: null, enabled: false } },
  });
  assert.equal(moved.status, 200);
  assert.equal(moved.body.endpoint.region_id, 'legacy-2');
  assert.equal(moved.body.endpoint.enabled, false);
  const rows = await t.rt.store.db.selectFrom('regions').select('id').where('id', 'like', 'legacy-%').execute();
  assert.deepEqual(rows.map((r) => r.id).sort(), ['legacy-1', 'legacy-2']);
  // region_id is never created: 400 and no region
  const strict = await t.request('PATCH', `${V3}/endpoints/${created.body.endpoint.id}`, {
    token: admin,
    body: { endpoint: { region_id: 'legacy-3' } },
  });
  assert.equal(strict.status, 400);
  assert.equal((await t.request('GET', `${V3}/regions/legacy-3`, { token: admin })).status, 404);
});

test('regions: create (given, generated, PUT), hierarchy rules, delete rules', async () => {
  const r2 = await t.request('POST', `${V3}/regions`, {
    token: admin,
    body: { region: { id: 'r2', description: 'two' } },
  });
  assert.equal(r2.status, 201);
  assert.deepEqual(r2.body.region, {
    id: 'r2',
    description: 'two',
    parent_region_id: null,
    links: { self: r2.body.region.links.self },
  });
  const dup = await t.request('POST', `${V3}/regions`, { token: admin, body: { region: { id: 'r2' } } });
  assert.deepEqual(dup.body, {
    error: {
      code: 409,
      title: 'Conflict',
      message: 'Conflict occurred attempting to store region - Duplicate ID, r2..',
    },
  });
  const generated = await t.request('POST', `${V3}/regions`, {
    token: admin,
    body: { region: { description: 'gen' } },
  });
  assert.equal(generated.status, 201);
  assert.match(generated.body.region.id, /^[0-9a-f]{32}$/);
  assert.equal(generated.body.region.description, 'gen');

  const put = await t.request('PUT', `${V3}/regions/r9`, { token: admin, body: { region: { description: 'put' } } });
  assert.equal(put.status, 201);
  assert.equal(put.body.region.id, 'r9');
  const putConflict = await t.request('PUT', `${V3}/regions/r9`, { token: admin, body: { region: { id: 'r10' } } });
  assert.equal(putConflict.body.error.message, 'Conflicting region IDs specified: "r9" != "r10"');

  const child = await t.request('POST', `${V3}/regions`, {
    token: admin,
    body: { region: { id: 'r3', parent_region_id: 'r2' } },
  });
  assert.equal(child.body.region.parent_region_id, 'r2');
  const grandchild = await t.request('POST', `${V3}/regions`, {
    token: admin,
    body: { region: { id: 'r4', parent_region_id: 'r3' } },
  });
  assert.equal(grandchild.status, 201);
  const orphan = await t.request('POST', `${V3}/regions`, {
    token: admin,
    body: { region: { id: 'r5', parent_region_id: 'nope' } },
  });
  assert.deepEqual(orphan.body, { error: { code: 404, title: 'Not Found', message: 'Could not find region: nope.' } });
  const children = await t.request('GET', `${V3}/regions?parent_region_id=r2`, { token: demo });
  assert.deepEqual(
    children.body.regions.map((r: { id: string }) => r.id),
    ['r3'],
  );

  const circular = await t.request('PATCH', `${V3}/regions/r2`, {
    token: admin,
    body: { region: { parent_region_id: 'r4' } },
  });
  assert.deepEqual(circular.body, {
    error: {
      code: 400,
      title: 'Bad Request',
      // Keystone names the region it meets again on the way up: the one being updated
      message: 'The specified parent region r2 would create a circular region hierarchy.',
    },
  });
  const self = await t.request('PATCH', `${V3}/regions/r2`, {
    token: admin,
    body: { region: { parent_region_id: 'r2' } },
  });
  assert.equal(self.status, 400);
  const described = await t.request('PATCH', `${V3}/regions/r2`, {
    token: admin,
    body: { region: { description: 'deux' } },
  });
  assert.equal(described.body.region.description, 'deux');
  assert.equal(
    (await t.request('PATCH', `${V3}/regions/r2`, { token: admin, body: { region: { id: 'x' } } })).body.error.message,
    'Cannot change ID',
  );

  // an endpoint in a child region keeps the whole branch
  const svc = (await t.request('POST', `${V3}/services`, { token: admin, body: { service: { type: 'r' } } })).body
    .service;
  const ep = (
    await t.request('POST', `${V3}/endpoints`, {
      token: admin,
      body: { endpoint: { service_id: svc.id, interface: 'public', url: 'http://r4/', region_id: 'r4' } },
    })
  ).body.endpoint;
  const refused = await t.request('DELETE', `${V3}/regions/r2`, { token: admin });
  assert.deepEqual(refused.body, {
    error: {
      code: 403,
      title: 'Forbidden',
      message: 'Unable to delete region r2 because it or its child regions have associated endpoints.',
    },
  });
  assert.equal((await t.request('GET', `${V3}/regions/r4`, { token: admin })).status, 200);

  // once it is gone, deleting the parent takes the children with it (as Keystone does)
  await t.request('DELETE', `${V3}/endpoints/${ep.id}`, { token: admin });
  assert.equal((await t.request('DELETE', `${V3}/regions/r2`, { token: admin })).status, 204);
  for (const id of ['r2', 'r3', 'r4']) {
    assert.equal((await t.request('GET', `${V3}/regions/${id}`, { token: admin })).status, 404);
  }
  assert.equal((await t.request('DELETE', `${V3}/regions/r2`, { token: admin })).status, 404);
});

test('the catalog is seeded once: a deleted seeded service stays deleted across restarts', async () => {
  const image = (await t.request('GET', `${V3}/services?type=image`, { token: admin })).body.services[0];
  assert.equal((await t.request('DELETE', `${V3}/services/${image.id}`, { token: admin })).status, 204);
  await seedCatalog(t.rt.store.db, t.rt.config, t.rt.clock().toISOString());
  assert.equal((await t.request('GET', `${V3}/services?type=image`, { token: admin })).body.services.length, 0);
  assert.equal(
    (await freshCatalog()).find((c) => c.type === 'image'),
    undefined,
  );
  assert.ok((await freshCatalog()).some((c) => c.type === 'compute'));

  // a service type a later release adds is seeded into the existing store at the next start
  await t.rt.store.db.deleteFrom('settings').where('key', '=', 'catalog_seeded:service:network').execute();
  const network = (await t.request('GET', `${V3}/services?type=network`, { token: admin })).body.services[0];
  await t.request('DELETE', `${V3}/services/${network.id}`, { token: admin });
  await seedCatalog(t.rt.store.db, t.rt.config, t.rt.clock().toISOString());
  const back = (await freshCatalog()).find((c) => c.type === 'network');
  assert.equal(back?.id, network.id);
  assert.equal(back?.endpoints.length, 3);
  assert.equal((await t.request('GET', `${V3}/services?type=image`, { token: admin })).body.services.length, 0);
});
