/**
 * Glance's metadata definitions catalog: namespaces, objects, properties, tags, resource type
 * associations and the metadef schemas, with the answers the real Glance (25.1.0, Zed) gives.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startTestApp, type TestApp } from '../../helpers/app.js';

let t: TestApp;
let admin: string;
let demo: string;
const JSON_ACCEPT = { accept: 'application/json' };
const NS = '/image/v2/metadefs/namespaces';

before(async () => {
  t = await startTestApp({}, { agent: false });
  admin = await t.tokenFor('admin');
  demo = await t.tokenFor('demo');
});
after(async () => {
  await t.close();
});

const golden = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`./golden/schema-metadefs-${name}.json`, import.meta.url), 'utf8'));

const message = (res: { body: { message?: string } }): string => String(res.body.message).replace(/<br \/>.*$/s, '');

async function namespaceRow(name: string) {
  return t.rt.store.db.selectFrom('metadef_namespaces').selectAll().where('namespace', '=', name).executeTakeFirst();
}

async function createNs(name: string, extra: Record<string, unknown> = {}) {
  const res = await t.request('POST', NS, { token: admin, body: { namespace: name, ...extra } });
  assert.equal(res.status, 201, res.text);
  return res;
}

for (const name of [
  'namespace',
  'namespaces',
  'object',
  'objects',
  'property',
  'properties',
  'tag',
  'tags',
  'resource_type',
  'resource_types',
]) {
  test(`GET /v2/schemas/metadefs/${name} is Glance's document`, async () => {
    const res = await t.request('GET', `/image/v2/schemas/metadefs/${name}`, { token: demo });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.body, golden(name));
  });
}

test('the loaded namespaces: public ones for everyone, the one without visibility for admins', async () => {
  const mine = await t.request('GET', NS, { token: demo });
  assert.equal(mine.status, 200, mine.text);
  const names = (mine.body.namespaces as Array<{ namespace: string }>).map((n) => n.namespace);
  assert.ok(names.includes('OS::Compute::Watchdog'));
  assert.ok(names.includes('OS::Compute::Hypervisor'));
  assert.ok(!names.includes('OS::Glance:CommonImageProperties'));
  const all = await t.request('GET', `${NS}?limit=1000`, { token: admin });
  assert.ok(
    (all.body.namespaces as Array<{ namespace: string }>).some(
      (n) => n.namespace === 'OS::Glance:CommonImageProperties',
    ),
  );
  const watchdog = await t.request('GET', `${NS}/OS::Compute::Watchdog`, { token: demo });
  assert.equal(watchdog.status, 200, watchdog.text);
  assert.equal(watchdog.body.owner, 'admin');
  assert.equal(watchdog.body.protected, true);
  assert.deepEqual(
    (watchdog.body.resource_type_associations as Array<{ name: string }>).map((a) => a.name),
    ['OS::Glance::Image', 'OS::Cinder::Volume', 'OS::Nova::Flavor'],
  );
  assert.deepEqual(Object.keys(watchdog.body.properties as object), ['hw_watchdog_action']);
  const types = await t.request('GET', '/image/v2/metadefs/resource_types', { token: demo });
  assert.equal(types.status, 200);
  const typeNames = (types.body.resource_types as Array<{ name: string }>).map((r) => r.name);
  for (const n of ['OS::Glance::Image', 'OS::Cinder::Volume', 'OS::Nova::Flavor']) assert.ok(typeNames.includes(n), n);
});

test('a namespace created with everything in it, shown whole and with a resource type prefix', async () => {
  const res = await createNs('full', {
    display_name: 'Full',
    description: 'd',
    visibility: 'public',
    protected: true,
    resource_type_associations: [{ name: 'OS::Glance::Image', prefix: 'hw_', properties_target: 'image' }],
    properties: { p1: { title: 'P1', type: 'string', enum: ['a', 'b'] } },
    objects: [
      {
        name: 'o1',
        description: 'od',
        required: ['p2'],
        properties: { p2: { title: 'P2', type: 'integer', minimum: 1 } },
      },
    ],
    tags: [{ name: 't1' }, { name: 't2' }],
  });
  assert.match(String(res.headers.location), /\/image\/v2\/metadefs\/namespaces\/full$/);
  assert.equal(res.body.self, '/v2/metadefs/namespaces/full');
  assert.equal(res.body.schema, '/v2/schemas/metadefs/namespace');
  assert.deepEqual(res.body.resource_type_associations, [
    { name: 'OS::Glance::Image', prefix: 'hw_', properties_target: 'image' },
  ]);
  assert.deepEqual(res.body.objects, [
    {
      name: 'o1',
      required: ['p2'],
      description: 'od',
      properties: { p2: { type: 'integer', title: 'P2', minimum: 1 } },
    },
  ]);
  assert.deepEqual(res.body.tags, [{ name: 't1' }, { name: 't2' }]);

  const show = await t.request('GET', `${NS}/full`, { token: demo });
  assert.equal(show.status, 200, show.text);
  assert.deepEqual(show.body.properties, { p1: { type: 'string', title: 'P1', enum: ['a', 'b'] } });
  const o = (show.body.objects as Array<Record<string, unknown>>)[0];
  assert.equal(o?.self, '/v2/metadefs/namespaces/full/objects/o1');
  assert.deepEqual((show.body.tags as Array<{ name: string }>).map((x) => x.name).sort(), ['t1', 't2']);
  const prefixed = await t.request('GET', `${NS}/full?resource_type=OS::Glance::Image`, { token: demo });
  assert.deepEqual(Object.keys(prefixed.body.properties as object), ['hw_p1']);
  assert.deepEqual((prefixed.body.objects as Array<{ required: string[] }>)[0]?.required, ['hw_p2']);
  const prop = await t.request('GET', `${NS}/full/properties/hw_p1?resource_type=OS::Glance::Image`, { token: demo });
  assert.equal(prop.status, 200, prop.text);
  assert.equal(prop.body.name, 'p1');

  const again = await t.request('POST', NS, { token: admin, body: { namespace: 'full' }, headers: JSON_ACCEPT });
  assert.equal(again.status, 409);
  assert.equal(message(again), 'The metadata definition namespace=full already exists.');
});

test('a protected namespace is not deleted, nor emptied; unprotected, it goes with everything in it', async () => {
  await createNs('prot', { protected: true, visibility: 'public', tags: [{ name: 'x' }], objects: [{ name: 'o' }] });
  for (const url of [`${NS}/prot`, `${NS}/prot/objects`, `${NS}/prot/tags`, `${NS}/prot/properties`]) {
    const res = await t.request('DELETE', url, { token: admin, headers: JSON_ACCEPT });
    assert.equal(res.status, 403, url);
    assert.equal(message(res), 'Metadata definition namespace prot is protected and cannot be deleted.');
  }
  for (const [url, what] of [
    [`${NS}/prot/objects/o`, 'object o'],
    [`${NS}/prot/tags/x`, 'tag x'],
  ] as const) {
    const res = await t.request('DELETE', url, { token: admin, headers: JSON_ACCEPT });
    assert.equal(res.status, 403, url);
    assert.equal(message(res), `Metadata definition ${what} is protected and cannot be deleted.`);
  }
  assert.equal((await t.request('DELETE', `${NS}/prot/objects/none`, { token: admin })).status, 404);
  const row = await namespaceRow('prot');
  assert.ok(row);
  const upd = await t.request('PUT', `${NS}/prot`, {
    token: admin,
    body: { namespace: 'prot', visibility: 'private', protected: false, description: 'Tempest' },
  });
  assert.equal(upd.status, 200, upd.text);
  assert.equal(upd.body.visibility, 'private');
  assert.equal(upd.body.protected, false);
  // glanceclient sends its DELETEs with an octet-stream content type and no body
  const del = await t.request('DELETE', `${NS}/prot`, {
    token: admin,
    headers: { 'content-type': 'application/octet-stream' },
  });
  assert.equal(del.status, 204, del.text);
  assert.equal(await namespaceRow('prot'), undefined);
  const left = await t.rt.store.db.selectFrom('metadef_tags').select('id').where('namespace_id', '=', row.id).execute();
  assert.deepEqual(left, []);
  const gone = await t.request('GET', `${NS}/prot`, { token: admin, headers: JSON_ACCEPT });
  assert.equal(gone.status, 404);
  assert.equal(message(gone), 'Metadata definition namespace=prot was not found.');
});

test('only admins write; a private namespace is seen only by its project', async () => {
  const refused = await t.request('POST', NS, { token: demo, body: { namespace: 'mine' }, headers: JSON_ACCEPT });
  assert.equal(refused.status, 403);
  assert.equal(message(refused), 'You are not authorized to complete add_metadef_namespace action.');
  assert.equal(await namespaceRow('mine'), undefined);
  await createNs('secret');
  const hidden = await t.request('GET', `${NS}/secret`, { token: demo, headers: JSON_ACCEPT });
  assert.equal(hidden.status, 404);
  const list = await t.request('GET', `${NS}?limit=1000`, { token: demo });
  assert.ok(!(list.body.namespaces as Array<{ namespace: string }>).some((n) => n.namespace === 'secret'));
  const objects = await t.request('GET', `${NS}/secret/tags`, { token: demo, headers: JSON_ACCEPT });
  assert.equal(objects.status, 404);
  assert.equal(message(objects), 'Namespace secret not found');
  // a public one is read by all, still written only by admins
  await createNs('open', { visibility: 'public' });
  const obj = await t.request('POST', `${NS}/open/objects`, { token: demo, body: { name: 'o' }, headers: JSON_ACCEPT });
  assert.equal(obj.status, 403);
  assert.equal(message(obj), 'You are not authorized to complete add_metadef_object action.');
  const del = await t.request('DELETE', `${NS}/open`, { token: demo, headers: JSON_ACCEPT });
  assert.equal(del.status, 403);
  assert.equal(message(del), 'You are not authorized to complete delete_metadef_namespace action.');
});

test('bodies are validated against the published schemas', async () => {
  const none = await t.request('POST', NS, { token: admin, body: {}, headers: JSON_ACCEPT });
  assert.equal(none.status, 400);
  assert.equal(message(none), "Provided object does not match schema 'namespace': 'namespace' is a required property");
  const bad = await t.request('POST', NS, {
    token: admin,
    body: { namespace: 'x', visibility: 'bad' },
    headers: JSON_ACCEPT,
  });
  assert.equal(bad.status, 400);
  assert.equal(
    message(bad),
    "Provided object does not match schema 'namespace': 'bad' is not one of ['public', 'private']",
  );
  const ro = await t.request('POST', NS, { token: admin, body: { namespace: 'x', self: 'a' }, headers: JSON_ACCEPT });
  assert.equal(ro.status, 403);
  assert.equal(message(ro), "Attribute 'self' is read-only.");
  await createNs('valid');
  const prop = await t.request('POST', `${NS}/valid/properties`, {
    token: admin,
    body: { name: 'q' },
    headers: JSON_ACCEPT,
  });
  assert.equal(prop.status, 400);
  assert.match(
    message(prop),
    /^Provided object does not match schema 'property': '(type|title)' is a required property$/,
  );
  const obj = await t.request('POST', `${NS}/valid/objects`, { token: admin, body: {}, headers: JSON_ACCEPT });
  assert.equal(obj.status, 400);
  assert.equal(message(obj), "Provided object does not match schema 'object': 'name' is a required property");
  assert.equal(await namespaceRow('x'), undefined);
});

test('objects: create, 409 on a second of the same name, list, rename, delete', async () => {
  await createNs('objs', { visibility: 'public' });
  const c = await t.request('POST', `${NS}/objs/objects`, {
    token: admin,
    body: { name: 'obj', description: 'x', required: [], properties: { a: { title: 'A', type: 'string' } } },
  });
  assert.equal(c.status, 201, c.text);
  assert.equal(c.body.self, '/v2/metadefs/namespaces/objs/objects/obj');
  assert.deepEqual(c.body.properties, { a: { type: 'string', title: 'A' } });
  const dup = await t.request('POST', `${NS}/objs/objects`, {
    token: admin,
    body: { name: 'obj' },
    headers: JSON_ACCEPT,
  });
  assert.equal(dup.status, 409);
  assert.equal(message(dup), 'A metadata definition object with name=obj already exists in namespace=objs.');
  const list = await t.request('GET', `${NS}/objs/objects`, { token: demo });
  assert.equal(list.status, 200);
  assert.equal(list.body.schema, 'v2/schemas/metadefs/objects');
  assert.deepEqual(
    (list.body.objects as Array<{ name: string }>).map((o) => o.name),
    ['obj'],
  );
  const upd = await t.request('PUT', `${NS}/objs/objects/obj`, { token: admin, body: { name: 'obj2' } });
  assert.equal(upd.status, 200, upd.text);
  assert.equal(upd.body.name, 'obj2');
  assert.equal(upd.body.description, undefined);
  const old = await t.request('GET', `${NS}/objs/objects/obj`, { token: admin, headers: JSON_ACCEPT });
  assert.equal(old.status, 404);
  assert.equal(message(old), 'Could not find metadata object obj');
  assert.equal((await t.request('DELETE', `${NS}/objs/objects/obj2`, { token: admin })).status, 204);
  assert.equal((await t.request('DELETE', `${NS}/objs/objects/obj2`, { token: admin })).status, 404);
  const missing = await t.request('GET', `${NS}/nope/objects`, { token: admin, headers: JSON_ACCEPT });
  assert.equal(message(missing), 'Metadata definition namespace=nope was not found.');
});

test('properties: create, 409, list, show, update, delete', async () => {
  await createNs('props', { visibility: 'public' });
  const c = await t.request('POST', `${NS}/props/properties`, {
    token: admin,
    body: { name: 'pp', title: 'PP', type: 'string', enum: ['x'] },
  });
  assert.equal(c.status, 201, c.text);
  assert.deepEqual(c.body, { name: 'pp', type: 'string', title: 'PP', enum: ['x'] });
  const dup = await t.request('POST', `${NS}/props/properties`, {
    token: admin,
    body: { name: 'pp', title: 'PP', type: 'string' },
    headers: JSON_ACCEPT,
  });
  assert.equal(dup.status, 409);
  assert.equal(message(dup), 'A metadata definition property with name=pp already exists in namespace=props.');
  const list = await t.request('GET', `${NS}/props/properties`, { token: demo });
  assert.deepEqual(list.body, { properties: { pp: { name: 'pp', type: 'string', title: 'PP', enum: ['x'] } } });
  const upd = await t.request('PUT', `${NS}/props/properties/pp`, {
    token: admin,
    body: { name: 'pp', title: 'PQ', type: 'string' },
  });
  assert.equal(upd.status, 200, upd.text);
  assert.deepEqual(upd.body, { name: 'pp', type: 'string', title: 'PQ' });
  assert.equal((await t.request('DELETE', `${NS}/props/properties/pp`, { token: admin })).status, 204);
  const gone = await t.request('GET', `${NS}/props/properties/pp`, { token: admin, headers: JSON_ACCEPT });
  assert.equal(gone.status, 404);
  assert.equal(message(gone), 'Could not find property pp');
});

test('tags: a list replaces the tags or, with X-Openstack-Append, adds to them', async () => {
  await createNs('tagged', { visibility: 'public' });
  const bulk = await t.request('POST', `${NS}/tagged/tags`, {
    token: admin,
    body: { tags: [{ name: 'a' }, { name: 'b' }] },
  });
  assert.equal(bulk.status, 201, bulk.text);
  assert.deepEqual(bulk.body, { tags: [{ name: 'a' }, { name: 'b' }] });
  const add = await t.request('POST', `${NS}/tagged/tags`, {
    token: admin,
    body: { tags: [{ name: 'c' }] },
    headers: { 'x-openstack-append': 'True' },
  });
  assert.equal(add.status, 201);
  const list = await t.request('GET', `${NS}/tagged/tags`, { token: demo });
  assert.deepEqual((list.body.tags as Array<{ name: string }>).map((x) => x.name).sort(), ['a', 'b', 'c']);
  const dup = await t.request('POST', `${NS}/tagged/tags`, {
    token: admin,
    body: { tags: [{ name: 'c' }, { name: 'c' }] },
    headers: JSON_ACCEPT,
  });
  assert.equal(dup.status, 409);
  assert.equal(
    message(dup),
    'A metadata tag with name=c already exists in namespace=tagged. (Please note that metadata tag names are case insensitive).',
  );
  // the failed replacement changed nothing
  assert.equal((await t.request('GET', `${NS}/tagged/tags`, { token: demo })).body.tags.length, 3);
  const replace = await t.request('POST', `${NS}/tagged/tags`, { token: admin, body: { tags: [{ name: 'z' }] } });
  assert.equal(replace.status, 201);
  assert.deepEqual((await t.request('GET', `${NS}/tagged/tags`, { token: demo })).body.tags, [{ name: 'z' }]);

  const one = await t.request('POST', `${NS}/tagged/tags/d`, { token: admin });
  assert.equal(one.status, 201, one.text);
  assert.equal(one.body.name, 'd');
  assert.ok(one.body.created_at);
  assert.equal((await t.request('POST', `${NS}/tagged/tags/d`, { token: admin })).status, 409);
  const ren = await t.request('PUT', `${NS}/tagged/tags/d`, { token: admin, body: { name: 'e' } });
  assert.equal(ren.status, 200, ren.text);
  assert.equal(ren.body.name, 'e');
  assert.equal((await t.request('PUT', `${NS}/tagged/tags/e`, { token: admin, body: { name: 'z' } })).status, 409);
  assert.equal((await t.request('GET', `${NS}/tagged/tags/e`, { token: demo })).status, 200);
  assert.equal((await t.request('DELETE', `${NS}/tagged/tags/e`, { token: admin })).status, 204);
  const gone = await t.request('GET', `${NS}/tagged/tags/e`, { token: admin, headers: JSON_ACCEPT });
  assert.equal(message(gone), 'Could not find metadata tag e');
  assert.equal((await t.request('DELETE', `${NS}/tagged/tags`, { token: admin })).status, 204);
  assert.deepEqual((await t.request('GET', `${NS}/tagged/tags`, { token: demo })).body.tags, []);
});

test('resource type associations: add (creating the type), 409, list, remove, 404', async () => {
  await createNs('assoc', { visibility: 'public' });
  const c = await t.request('POST', `${NS}/assoc/resource_types`, {
    token: admin,
    body: { name: 'OS::Test::Thing', prefix: 'x_' },
  });
  assert.equal(c.status, 201, c.text);
  assert.equal(c.body.name, 'OS::Test::Thing');
  assert.equal(c.body.prefix, 'x_');
  const dup = await t.request('POST', `${NS}/assoc/resource_types`, {
    token: admin,
    body: { name: 'OS::Test::Thing' },
    headers: JSON_ACCEPT,
  });
  assert.equal(dup.status, 409);
  assert.equal(
    message(dup),
    'The metadata definition resource-type association of resource-type=OS::Test::Thing to namespace=assoc already exists.',
  );
  const types = await t.request('GET', '/image/v2/metadefs/resource_types', { token: demo });
  assert.ok((types.body.resource_types as Array<{ name: string }>).some((r) => r.name === 'OS::Test::Thing'));
  const list = await t.request('GET', `${NS}/assoc/resource_types`, { token: demo });
  assert.deepEqual(
    (list.body.resource_type_associations as Array<{ name: string }>).map((a) => a.name),
    ['OS::Test::Thing'],
  );
  assert.equal((await t.request('DELETE', `${NS}/assoc/resource_types/OS::Test::Thing`, { token: admin })).status, 204);
  const again = await t.request('DELETE', `${NS}/assoc/resource_types/OS::Test::Thing`, {
    token: admin,
    headers: JSON_ACCEPT,
  });
  assert.equal(again.status, 404);
  assert.equal(message(again), 'Failed to find resource type OS::Test::Thing to delete');
  const nsList = await t.request('GET', `${NS}?resource_types=OS::Test::Thing`, { token: admin });
  assert.deepEqual(nsList.body.namespaces, []);
});

test('the namespace list pages with limit and marker, and checks its query', async () => {
  for (const n of ['page-a', 'page-b', 'page-c']) await createNs(n, { visibility: 'public' });
  const first = await t.request('GET', `${NS}?limit=2&sort_key=namespace&sort_dir=asc&visibility=public`, {
    token: demo,
  });
  assert.equal(first.status, 200, first.text);
  const names = (first.body.namespaces as Array<{ namespace: string }>).map((n) => n.namespace);
  assert.equal(names.length, 2);
  assert.equal(first.body.first, '/v2/metadefs/namespaces?limit=2&sort_key=namespace&sort_dir=asc&visibility=public');
  assert.equal(
    first.body.next,
    `/v2/metadefs/namespaces?limit=2&sort_key=namespace&sort_dir=asc&visibility=public&marker=${encodeURIComponent(names[1] ?? '')}`,
  );
  const next = await t.request(
    'GET',
    `${NS}?limit=2&sort_key=namespace&sort_dir=asc&visibility=public&marker=${encodeURIComponent(names[1] ?? '')}`,
    { token: demo },
  );
  const more = (next.body.namespaces as Array<{ namespace: string }>).map((n) => n.namespace);
  assert.ok(more.every((n) => n > (names[1] ?? '')));
  for (const [q, msg] of [
    ['sort_dir=up', 'Invalid sort direction: up'],
    ['visibility=x', 'Invalid visibility value: x'],
    ['limit=-1', 'limit param must be positive'],
    ['limit=x', 'limit param must be an integer'],
  ] as const) {
    const res = await t.request('GET', `${NS}?${q}`, { token: demo, headers: JSON_ACCEPT });
    assert.equal(res.status, 400, q);
    assert.equal(message(res), msg);
  }
  const badMarker = await t.request('GET', `${NS}?marker=zzz`, { token: demo, headers: JSON_ACCEPT });
  assert.equal(badMarker.status, 404);
});

test('of concurrent creates of one namespace, exactly one wins', async () => {
  const results = await Promise.all(
    Array.from({ length: 6 }, () =>
      t.request('POST', NS, { token: admin, body: { namespace: 'race', tags: [{ name: 't' }] } }),
    ),
  );
  assert.deepEqual(results.map((r) => r.status).sort(), [201, 409, 409, 409, 409, 409]);
  const rows = await t.rt.store.db
    .selectFrom('metadef_namespaces')
    .select('id')
    .where('namespace', '=', 'race')
    .execute();
  assert.equal(rows.length, 1);
});
