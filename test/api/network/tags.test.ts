/**
 * Neutron's tags (standard-attr-tag, as Zed serves it): the six routes under every tagged
 * resource with their codes and bodies, the tags in the resources' views, the four list filters
 * with paging, revision bumps, validation, who may tag what, the cascade on delete, and the
 * database deciding concurrent adds of one tag.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';

let t: TestApp;
let admin: string;
let demo: string;
let alt: string;

const N = '/network/v2.0';

before(async () => {
  t = await startTestApp(
    { seedUsers: [{ name: 'alt', password: 'secret', project: 'alt', roles: ['member', 'reader'] }] },
    { agent: false },
  );
  admin = await t.tokenFor('admin');
  demo = await t.tokenFor('demo');
  alt = await t.tokenFor('alt');
});
after(async () => {
  await t.close();
});

const get = (path: string, token = demo) => t.request('GET', `${N}${path}`, { token });
const put = (path: string, body?: unknown, token = demo) =>
  t.request('PUT', `${N}${path}`, body === undefined ? { token } : { token, body });
const del = (path: string, token = demo) => t.request('DELETE', `${N}${path}`, { token });
const post = (path: string, body: unknown, token = demo) => t.request('POST', `${N}${path}`, { token, body });

async function created(path: string, key: string, body: Record<string, unknown>, token = demo): Promise<string> {
  const res = await post(path, { [key]: body }, token);
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body[key].id;
}
const newNetwork = (name = 'tn', token = demo) => created('/networks', 'network', { name }, token);

/** every tagged resource of the demo project: URL collection, its response key, its id */
async function demoResources(): Promise<Array<{ path: string; key: string; id: string }>> {
  const net = await newNetwork('tagged');
  const subnet = await created('/subnets', 'subnet', { network_id: net, cidr: '10.70.0.0/24' });
  const port = await created('/ports', 'port', { network_id: net });
  const router = await created('/routers', 'router', { name: 'tr' });
  const publicId = (await get('/networks?name=public', admin)).body.networks[0].id;
  const fip = await created('/floatingips', 'floatingip', { floating_network_id: publicId });
  const sg = await created('/security-groups', 'security_group', { name: 'tsg' });
  const pool = await created('/subnetpools', 'subnetpool', { name: 'tp', prefixes: ['10.71.0.0/16'] });
  return [
    { path: 'networks', key: 'network', id: net },
    { path: 'subnets', key: 'subnet', id: subnet },
    { path: 'ports', key: 'port', id: port },
    { path: 'routers', key: 'router', id: router },
    { path: 'floatingips', key: 'floatingip', id: fip },
    { path: 'security-groups', key: 'security_group', id: sg },
    { path: 'subnetpools', key: 'subnetpool', id: pool },
  ];
}

test('every tagged resource: replace, add, check, remove, remove all; shown sorted in its view', async () => {
  for (const { path, key, id } of await demoResources()) {
    const at = `/${path}/${id}/tags`;
    const empty = await get(at);
    assert.equal(empty.status, 200, path);
    assert.deepEqual(empty.body, { tags: [] });

    const replaced = await put(at, { tags: ['zeta', 'alpha', 'Mid'] });
    assert.equal(replaced.status, 200, path);
    // the request body comes back as given; GET and the view show Neutron's order
    assert.deepEqual(replaced.body, { tags: ['zeta', 'alpha', 'Mid'] });
    assert.deepEqual((await get(at)).body, { tags: ['Mid', 'alpha', 'zeta'] });
    assert.deepEqual((await get(`/${path}/${id}`)).body[key].tags, ['Mid', 'alpha', 'zeta'], path);

    const added = await put(`${at}/beta`);
    assert.equal(added.status, 201, path);
    assert.equal(added.text, 'null');
    assert.match(String(added.headers['content-type']), /application\/json/);
    assert.equal((await put(`${at}/beta`)).status, 201, 'adding a tag twice is no error');
    assert.equal((await get(`${at}/beta`)).status, 204);
    const missing = await get(`${at}/nope`);
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.body, {
      NeutronError: { type: 'TagNotFound', message: 'Tag nope could not be found.', detail: '' },
    });

    assert.equal((await del(`${at}/beta`)).status, 204);
    assert.equal((await del(`${at}/beta`)).body.NeutronError.type, 'TagNotFound');
    assert.deepEqual((await get(at)).body.tags, ['Mid', 'alpha', 'zeta']);

    const cleared = await del(at);
    assert.equal(cleared.status, 204);
    assert.equal(cleared.text, '');
    assert.deepEqual((await get(at)).body.tags, []);
    assert.deepEqual((await get(`/${path}/${id}`)).body[key].tags, []);
  }
});

test('a change bumps revision_number and updated_at once; no change bumps nothing', async () => {
  const id = await newNetwork('rev');
  const rev = async () => (await get(`/networks/${id}`)).body.network.revision_number as number;
  const r0 = await rev();
  await put(`/networks/${id}/tags`, { tags: ['a', 'b', 'c'] });
  assert.equal(await rev(), r0 + 1);
  await put(`/networks/${id}/tags`, { tags: ['c', 'b', 'a'] });
  assert.equal(await rev(), r0 + 1, 'the same set is no change');
  await put(`/networks/${id}/tags`, { tags: ['b', 'd'] });
  assert.equal(await rev(), r0 + 2, 'removals and additions are one change');
  await put(`/networks/${id}/tags/d`);
  assert.equal(await rev(), r0 + 2, 'a tag already there is no change');
  await put(`/networks/${id}/tags/e`);
  assert.equal(await rev(), r0 + 3);
  await del(`/networks/${id}/tags/e`);
  assert.equal(await rev(), r0 + 4);
  await del(`/networks/${id}/tags`);
  assert.equal(await rev(), r0 + 5);
  await del(`/networks/${id}/tags`);
  assert.equal(await rev(), r0 + 5, 'removing no tags is no change');

  // If-Match sees the bumped revision
  const stale = await t.request('PUT', `${N}/networks/${id}`, {
    token: demo,
    body: { network: { name: 'x' } },
    headers: { 'if-match': `revision_number=${r0}` },
  });
  assert.equal(stale.status, 412);
});

test('list filters: tags, tags-any, not-tags, not-tags-any, comma lists, with other filters and paging', async () => {
  const ids: Record<string, string> = {};
  for (const [name, tags] of [
    ['f1', ['red']],
    ['f2', ['red', 'blue']],
    ['f3', ['blue', 'green']],
    ['f4', []],
  ] as const) {
    ids[name] = await newNetwork(name);
    await put(`/networks/${ids[name]}/tags`, { tags });
  }
  const names = async (query: string) => {
    const res = await get(`/networks?${query}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return (res.body.networks as Array<{ name: string }>)
      .map((n) => n.name)
      .filter((n) => /^f\d$/.test(n))
      .sort();
  };
  assert.deepEqual(await names('tags=red'), ['f1', 'f2']);
  assert.deepEqual(await names('tags=red,blue'), ['f2']);
  assert.deepEqual(await names('tags=red&tags=blue'), ['f2']);
  assert.deepEqual(await names('tags=red,red'), ['f1', 'f2']);
  assert.deepEqual(await names('tags-any=red,blue'), ['f1', 'f2', 'f3']);
  assert.deepEqual(await names('tags-any=red&tags-any=green'), ['f1', 'f2', 'f3']);
  assert.deepEqual(await names('not-tags=red'), ['f3', 'f4']);
  assert.deepEqual(await names('not-tags=red,blue'), ['f1', 'f3', 'f4']);
  assert.deepEqual(await names('not-tags-any=red,blue'), ['f4']);
  assert.deepEqual(await names('tags=blue&not-tags=red'), ['f3']);
  assert.deepEqual(await names('tags=RED'), [], 'tags are case-sensitive');
  assert.deepEqual(await names('tags='), [], 'an empty value is the empty tag');
  assert.deepEqual(await names('tags=red,'), []);
  assert.deepEqual(await names('not-tags='), ['f1', 'f2', 'f3', 'f4']);
  assert.deepEqual(await names('tags=red&name=f2'), ['f2']);

  // paging counts only what the filters keep
  const page = await get('/networks?tags-any=red,blue&limit=2&sort_key=name&sort_dir=asc');
  assert.deepEqual(
    page.body.networks.map((n: { name: string }) => n.name),
    ['f1', 'f2'],
  );
  const next = page.body.networks_links.find((l: { rel: string }) => l.rel === 'next').href as string;
  const rest = await get(next.slice(next.indexOf('/networks')));
  assert.deepEqual(
    rest.body.networks.map((n: { name: string }) => n.name),
    ['f3'],
  );
  // fields= keeps tags when asked for
  const narrow = await get(`/networks?tags=green&fields=id&fields=tags`);
  assert.deepEqual(narrow.body.networks, [{ id: ids.f3, tags: ['blue', 'green'] }]);
});

test('the filters work on every tagged list', async () => {
  for (const { path, id } of await demoResources()) {
    await put(`/${path}/${id}/tags`, { tags: [`only-${path}`] });
    const collection = path.replace('-', '_');
    const res = await get(`/${path}?tags=only-${path}`);
    assert.equal(res.status, 200, path);
    assert.deepEqual(
      res.body[collection].map((r: { id: string }) => r.id),
      [id],
      path,
    );
    const none = await get(`/${path}?tags-any=only-${path}&not-tags=only-${path}`);
    assert.deepEqual(none.body[collection], [], path);
  }
});

test('validation: length 255, strings only, unique, body shape; before the resource lookup', async () => {
  const id = await newNetwork('valid');
  const at = `/networks/${id}/tags`;
  const long = 'x'.repeat(256);
  const bad = (res: { status: number; body: { NeutronError: { type: string; message: string } } }, message: string) => {
    assert.equal(res.status, 400, JSON.stringify(res.body));
    assert.deepEqual(res.body, { NeutronError: { type: 'InvalidInput', message, detail: '' } });
  };
  const tooLong = `Invalid input for operation: '${long}' exceeds maximum length of 255.`;
  bad(await put(`${at}/${long}`), tooLong);
  bad(await get(`${at}/${long}`), tooLong);
  bad(await del(`${at}/${long}`), tooLong);
  bad(await put(at, { tags: [long] }), tooLong);
  bad(await put(`/networks/00000000-0000-0000-0000-000000000000/tags/${long}`), tooLong);
  assert.equal((await put(`${at}/${'x'.repeat(255)}`)).status, 201);
  assert.equal((await put(`${at}/${'é'.repeat(255)}`)).status, 201, 'the limit counts characters');

  bad(await put(at, { tags: ['a', 'b', 'a'] }), "Invalid input for operation: Duplicate items in the list: 'a'.");
  bad(await put(at, { tags: 'a' }), "Invalid input for operation: 'a' is not a list.");
  bad(await put(at, { tags: null }), "Invalid input for operation: 'None' is not a list.");
  bad(await put(at, { tags: [1] }), "Invalid input for operation: '1' is not a valid string.");
  bad(await put(at, { tags: [null] }), "Invalid input for operation: 'None' is not a valid string.");
  bad(await put(at, { tag: ['a'] }), 'Invalid input for operation: Invalid tags body.');
  bad(await put(at, ['a']), 'Invalid input for operation: Invalid tags body.');
  const empty = await t.request('PUT', `${N}${at}`, {
    token: demo,
    payload: '',
    headers: { 'content-type': 'application/json' },
  });
  assert.equal(empty.status, 400, 'Neutron answers 500 here');
  const malformed = await t.request('PUT', `${N}${at}`, {
    token: demo,
    payload: 'notjson',
    headers: { 'content-type': 'application/json' },
  });
  assert.equal(malformed.status, 400);

  // the empty string is a tag; other keys of the body are echoed as Neutron does
  const odd = await put(at, { tags: [''], x: 1 });
  assert.equal(odd.status, 200);
  assert.deepEqual(odd.body, { tags: [''], x: 1 });
  assert.deepEqual((await get(at)).body.tags, ['']);

  const posted = await post(at, { tags: [] });
  assert.equal(posted.status, 404);
  assert.deepEqual(posted.body, { NeutronError: { type: 'HTTPNotFound', message: 'not supported', detail: '' } });
});

test('visibility: unknown or another project’s resource is TagResourceNotFound; visible is taggable', async () => {
  const mine = await newNetwork('mine');
  for (const [method, suffix] of [
    ['GET', ''],
    ['PUT', '/x'],
    ['DELETE', ''],
    ['GET', '/x'],
    ['DELETE', '/x'],
  ] as const) {
    const res = await t.request(method, `${N}/networks/${mine}/tags${suffix}`, { token: alt });
    assert.equal(res.status, 404, `${method} ${suffix}`);
    assert.deepEqual(res.body, {
      NeutronError: {
        type: 'TagResourceNotFound',
        message: `Resource networks ${mine} could not be found.`,
        detail: '',
      },
    });
  }
  const alien = await put(`/networks/${mine}/tags`, { tags: ['a'] }, alt);
  assert.equal(alien.body.NeutronError.type, 'TagResourceNotFound');
  const sg = (await get('/security-groups?name=default')).body.security_groups[0].id;
  const sgRes = await get(`/security-groups/${sg}/tags`, alt);
  assert.equal(sgRes.body.NeutronError.message, `Resource security_groups ${sg} could not be found.`);
  assert.equal((await get('/subnets/nonexistent/tags')).body.NeutronError.type, 'TagResourceNotFound');

  // Zed has no tag policy: the shared and the external network can be tagged by any project
  const priv = (await get('/networks?name=private', admin)).body.networks[0].id;
  const pub = (await get('/networks?name=public', admin)).body.networks[0].id;
  assert.equal((await put(`/networks/${priv}/tags/from-demo`)).status, 201);
  assert.equal((await put(`/networks/${pub}/tags/from-alt`, undefined, alt)).status, 201);
  assert.deepEqual((await get(`/networks/${priv}/tags`, admin)).body.tags, ['from-demo']);
  // but the external network's subnet is not visible, so not taggable
  const pubSubnet = (await get('/subnets?name=public-subnet', admin)).body.subnets[0].id;
  assert.equal((await get(`/subnets/${pubSubnet}/tags`)).body.NeutronError.type, 'TagResourceNotFound');
  await del(`/networks/${priv}/tags`, admin);
  await del(`/networks/${pub}/tags`, admin);

  // the owner of a network sees, and so tags, another project's port on it
  const rbacNet = await newNetwork('rbac');
  await created('/subnets', 'subnet', { network_id: rbacNet, cidr: '10.72.0.0/24' });
  const projects = await t.rt.store.db.selectFrom('projects').select(['id', 'name']).execute();
  const altProject = projects.find((p) => p.name === 'alt')?.id;
  await created('/rbac-policies', 'rbac_policy', {
    object_type: 'network',
    object_id: rbacNet,
    action: 'access_as_shared',
    target_tenant: altProject,
  });
  const altPort = await created('/ports', 'port', { network_id: rbacNet }, alt);
  assert.equal((await put(`/ports/${altPort}/tags/by-owner`)).status, 201);
  assert.deepEqual((await get(`/ports/${altPort}/tags`, alt)).body.tags, ['by-owner']);
});

test('a resource’s tags go with it (foreign key cascade)', async () => {
  const id = await newNetwork('gone');
  await put(`/networks/${id}/tags`, { tags: ['a', 'b'] });
  const sg = await created('/security-groups', 'security_group', { name: 'gone' });
  await put(`/security-groups/${sg}/tags/c`);
  const count = async (rid: string) =>
    (await t.rt.store.db.selectFrom('neutron_tags').select('tag').where('resource_id', '=', rid).execute()).length;
  assert.equal(await count(id), 2);
  assert.equal((await del(`/networks/${id}`)).status, 204);
  assert.equal((await del(`/security-groups/${sg}`)).status, 204);
  assert.equal(await count(id), 0);
  assert.equal(await count(sg), 0);
  assert.equal((await get(`/networks/${id}/tags`)).body.NeutronError.type, 'TagResourceNotFound');
});

test('races: concurrent adds of one tag store it once; concurrent replace-alls leave one of the sets', async () => {
  const id = await newNetwork('race');
  const r0 = (await get(`/networks/${id}`)).body.network.revision_number as number;
  const results = await Promise.all(Array.from({ length: 20 }, () => put(`/networks/${id}/tags/same`)));
  assert.deepEqual(new Set(results.map((r) => r.status)), new Set([201]));
  const rows = await t.rt.store.db.selectFrom('neutron_tags').selectAll().where('resource_id', '=', id).execute();
  assert.equal(rows.length, 1);
  assert.equal(rows[0]?.network_id, id);
  assert.equal((await get(`/networks/${id}`)).body.network.revision_number, r0 + 1, 'one add, one bump');

  const sets = [['a', 'b'], ['c'], ['d', 'e', 'f'], ['b', 'c']];
  const replaced = await Promise.all(sets.map((tags) => put(`/networks/${id}/tags`, { tags })));
  assert.deepEqual(
    replaced.map((r) => r.status),
    [200, 200, 200, 200],
  );
  const final = (await get(`/networks/${id}/tags`)).body.tags as string[];
  assert.ok(
    sets.some((s) => JSON.stringify([...s].sort()) === JSON.stringify(final)),
    `one whole set, not a mix: ${JSON.stringify(final)}`,
  );
});

test('ports accept tags on create as Zed does (validated, not stored); others refuse them', async () => {
  const net = await newNetwork('pc');
  const port = await post('/ports', { port: { network_id: net, tags: ['pa'] } });
  assert.equal(port.status, 201, JSON.stringify(port.body));
  assert.deepEqual(port.body.port.tags, []);
  const bad = await post('/ports', { port: { network_id: net, tags: 'x' } });
  assert.equal(bad.status, 400);
  assert.deepEqual(bad.body.NeutronError, {
    type: 'HTTPBadRequest',
    message: "Invalid input for tags. Reason: 'x' is not a list.",
    detail: '',
  });
  const net2 = await post('/networks', { network: { name: 'x', tags: ['a'] } });
  assert.equal(net2.status, 400);
});
