import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startTestApp, waitFor, type TestApp } from '../../helpers/app.js';

let t: TestApp;
let admin: string;
let demo: string;
let alt: string;
let small: string;
const V = '/volume/v3';
const mv = (v: string) => ({ 'openstack-api-version': `volume ${v}` });

before(async () => {
  t = await startTestApp({
    blockStorage: { quotas: { volumes: 40, snapshots: 40, gigabytes: 200 }, poolCapacityGb: 400 },
    seedUsers: [
      { name: 'alt', password: 'secret', project: 'alt', roles: ['member', 'reader'] },
      { name: 'small', password: 'secret', project: 'small', roles: ['member', 'reader'] },
    ],
  });
  admin = await t.tokenFor('admin');
  demo = await t.tokenFor('demo');
  alt = await t.tokenFor('alt');
  small = await t.tokenFor('small');
});
after(async () => {
  await t.close();
});

async function volume(size = 1, token = demo): Promise<string> {
  const r = await t.request('POST', `${V}/volumes`, { token, body: { volume: { size } } });
  assert.equal(r.status, 202, r.text);
  const id = r.body.volume.id as string;
  await waitFor(async () => (await showVolume(id, token))?.status === 'available', `volume ${id} available`);
  return id;
}
const showVolume = async (id: string, token = demo) =>
  (await t.request('GET', `${V}/volumes/${id}`, { token })).body?.volume;

async function snapshot(volumeId: string): Promise<string> {
  const r = await t.request('POST', `${V}/snapshots`, { token: demo, body: { snapshot: { volume_id: volumeId } } });
  assert.equal(r.status, 202, r.text);
  const id = r.body.snapshot.id as string;
  await waitFor(
    async () =>
      (await t.request('GET', `${V}/snapshots/${id}`, { token: demo })).body?.snapshot?.status === 'available',
    `snapshot ${id}`,
  );
  return id;
}

const offer = (body: Record<string, unknown>, version = '3.0', path = '/os-volume-transfer', token = demo) =>
  t.request('POST', `${V}${path}`, { token, headers: mv(version), body: { transfer: body } });
const accept = (id: string, key: unknown, token = alt, path = '/os-volume-transfer') =>
  t.request('POST', `${V}${path}/${id}/accept`, { token, body: { accept: { auth_key: key } } });

test('create → awaiting-transfer, the key shown once and stored hashed; show, list, detail per microversion', async () => {
  const v = await volume();
  const c = await offer({ volume_id: v, name: '  move me ' }, '3.57', '/volume-transfers');
  assert.equal(c.status, 202, c.text);
  const tr = c.body.transfer;
  assert.match(tr.auth_key, /^[0-9a-f]{16}$/);
  assert.deepEqual(Object.keys(tr), [
    'id',
    'created_at',
    'name',
    'volume_id',
    'auth_key',
    'links',
    'no_snapshots',
    'destination_project_id',
    'source_project_id',
    'accepted',
  ]);
  assert.equal(tr.name, 'move me');
  assert.equal(tr.no_snapshots, false);
  assert.equal(tr.accepted, false);
  assert.equal(tr.destination_project_id, null);
  assert.equal(tr.links[0].href, `http://localhost:80/volume/v3/os-volume-transfer/${tr.id}`);
  assert.equal((await showVolume(v)).status, 'awaiting-transfer');

  const row = await t.rt.store.db
    .selectFrom('volume_transfers')
    .selectAll()
    .where('id', '=', tr.id)
    .executeTakeFirstOrThrow();
  assert.match(row.salt, /^[0-9a-f]{8}$/);
  assert.notEqual(row.crypt_hash, tr.auth_key);
  assert.ok(!JSON.stringify(row).includes(tr.auth_key));

  // show at 3.0: no version fields and no key
  const s = await t.request('GET', `${V}/os-volume-transfer/${tr.id}`, { token: demo });
  assert.equal(s.status, 200);
  assert.deepEqual(Object.keys(s.body.transfer), ['id', 'created_at', 'name', 'volume_id', 'links']);
  const s55 = await t.request('GET', `${V}/volume-transfers/${tr.id}`, { token: demo, headers: mv('3.55') });
  assert.deepEqual(Object.keys(s55.body.transfer), ['id', 'created_at', 'name', 'volume_id', 'links', 'no_snapshots']);
  const list = await t.request('GET', `${V}/os-volume-transfer`, { token: demo });
  assert.deepEqual(
    list.body.transfers.find((x: { id: string }) => x.id === tr.id),
    { id: tr.id, volume_id: v, name: 'move me', links: tr.links },
  );
  const detail = await t.request('GET', `${V}/volume-transfers/detail?name=move%20me`, {
    token: demo,
    headers: mv('3.57'),
  });
  assert.deepEqual(
    detail.body.transfers.map((x: { id: string; source_project_id: string }) => x.id),
    [tr.id],
  );
  // another project sees none of it, but the admin does with all_tenants
  assert.equal((await t.request('GET', `${V}/os-volume-transfer/${tr.id}`, { token: alt })).status, 404);
  assert.deepEqual((await t.request('GET', `${V}/os-volume-transfer`, { token: alt })).body, { transfers: [] });
  const all = await t.request('GET', `${V}/os-volume-transfer?all_tenants=1`, { token: admin });
  assert.ok(all.body.transfers.some((x: { id: string }) => x.id === tr.id));

  // the offered volume is neither deletable nor offered twice
  assert.equal((await t.request('DELETE', `${V}/volumes/${v}`, { token: demo })).status, 400);
  const twice = await offer({ volume_id: v });
  assert.equal(twice.status, 400);
  assert.deepEqual(twice.body, { badRequest: { code: 400, message: 'Invalid volume: status must be available' } });
});

test('accept: wrong key 400, right key moves volume and snapshots to the accepting project; then 404', async () => {
  const v = await volume(2);
  const snap = await snapshot(v);
  const c = await offer({ volume_id: v }, '3.55', '/volume-transfers');
  const id = c.body.transfer.id as string;
  const bad = await accept(id, 'nope');
  assert.equal(bad.status, 400);
  assert.deepEqual(bad.body, {
    badRequest: { code: 400, message: `Invalid auth key: Attempt to transfer ${id} with invalid auth key.` },
  });
  const ok = await accept(id, c.body.transfer.auth_key);
  assert.equal(ok.status, 202, ok.text);
  assert.deepEqual(ok.body.transfer, {
    id,
    volume_id: v,
    name: null,
    links: ok.body.transfer.links,
  });
  const moved = await showVolume(v, alt);
  assert.equal(moved.status, 'available');
  assert.equal((await showVolume(v, demo)) ?? null, null);
  const s = await t.request('GET', `${V}/snapshots/${snap}`, { token: alt });
  assert.equal(s.status, 200);
  assert.equal((await t.request('GET', `${V}/snapshots/${snap}`, { token: demo })).status, 404);
  // the history row stays, no longer visible
  const row = await t.rt.store.db
    .selectFrom('volume_transfers')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  assert.equal(row.accepted, 1);
  assert.equal(row.deleted, 1);
  assert.notEqual(row.destination_project_id, null);
  const again = await accept(id, c.body.transfer.auth_key);
  assert.equal(again.status, 404);
  assert.deepEqual(again.body, { itemNotFound: { code: 404, message: `Transfer ${id} could not be found.` } });
});

test('no_snapshots (3.55): the volume moves alone; before 3.55 and on os-volume-transfer the key is refused', async () => {
  const v = await volume();
  const snap = await snapshot(v);
  const old = await offer({ volume_id: v, no_snapshots: true }, '3.54', '/volume-transfers');
  assert.equal(old.status, 400);
  assert.match(old.body.badRequest.message, /Additional properties are not allowed \('no_snapshots' was unexpected\)/);
  const contrib = await offer({ volume_id: v, no_snapshots: true }, '3.70');
  assert.equal(contrib.status, 400);
  const c = await offer({ volume_id: v, no_snapshots: true }, '3.55', '/volume-transfers');
  assert.equal(c.status, 202, c.text);
  assert.equal(c.body.transfer.no_snapshots, true);
  assert.equal((await accept(c.body.transfer.id, c.body.transfer.auth_key, alt, '/volume-transfers')).status, 202);
  assert.equal((await showVolume(v, alt)).status, 'available');
  const s = await t.request('GET', `${V}/snapshots/${snap}`, { token: demo });
  assert.equal(s.status, 200);
  assert.equal(s.body.snapshot.volume_id, v);
});

test('a snapshot that is not available blocks the offer (unless no_snapshots)', async () => {
  const v = await volume();
  const snap = await snapshot(v);
  await t.rt.store.db.updateTable('volume_snapshots').set({ status: 'error' }).where('id', '=', snap).execute();
  const c = await offer({ volume_id: v });
  assert.equal(c.status, 400);
  assert.deepEqual(c.body, {
    badRequest: { code: 400, message: `Invalid snapshot: snapshot: ${snap} status must be available` },
  });
  assert.equal((await showVolume(v)).status, 'available');
});

test("accept checks the accepting project's quota in the database: 413, nothing moves", async () => {
  const q = await t.request('PUT', `${V}/os-quota-sets/${await projectOf(small)}`, {
    token: admin,
    body: { quota_set: { gigabytes: 3 } },
  });
  assert.equal(q.status, 200, q.text);
  const v = await volume(4);
  const c = await offer({ volume_id: v });
  const r = await accept(c.body.transfer.id, c.body.transfer.auth_key, small);
  assert.equal(r.status, 413, r.text);
  assert.deepEqual(r.body, {
    overLimit: {
      code: 413,
      message:
        'Requested volume or snapshot exceeds allowed gigabytes quota. Requested 4G, quota is 3G and 0G has been consumed.',
      retryAfter: '0',
    },
  });
  assert.equal((await showVolume(v)).status, 'awaiting-transfer');
  // the transfer is still there for a project with room
  assert.equal((await accept(c.body.transfer.id, c.body.transfer.auth_key, alt)).status, 202);
});

async function projectOf(token: string): Promise<string> {
  const r = await t.request('GET', '/identity/v3/auth/tokens', {
    token: admin,
    headers: { 'x-subject-token': token },
  });
  return r.body.token.project.id as string;
}

test('delete: the volume is available again; other projects 404; unknown 404', async () => {
  const v = await volume();
  const c = await offer({ volume_id: v }, '3.0', '/volume-transfers');
  const id = c.body.transfer.id as string;
  assert.equal((await t.request('DELETE', `${V}/volume-transfers/${id}`, { token: alt })).status, 404);
  const d = await t.request('DELETE', `${V}/os-volume-transfer/${id}`, { token: demo });
  assert.equal(d.status, 202);
  assert.equal(d.text, '');
  assert.equal((await showVolume(v)).status, 'available');
  assert.equal((await t.request('GET', `${V}/os-volume-transfer/${id}`, { token: demo })).status, 404);
  assert.equal((await accept(id, c.body.transfer.auth_key)).status, 404);
  const unknown = randomUUID();
  assert.equal((await t.request('DELETE', `${V}/os-volume-transfer/${unknown}`, { token: demo })).status, 404);
});

test('bad input: schema 400s, an unknown volume 404, another project’s volume 404', async () => {
  const missing = await offer({});
  assert.equal(missing.status, 400);
  const blank = await offer({ volume_id: randomUUID(), name: '' }, '3.55', '/volume-transfers');
  assert.equal(blank.status, 400);
  assert.match(blank.body.badRequest.message, /is not valid under any of the given schemas/);
  const unknown = randomUUID();
  const nf = await offer({ volume_id: unknown });
  assert.equal(nf.status, 404);
  assert.deepEqual(nf.body, { itemNotFound: { code: 404, message: `Volume ${unknown} could not be found.` } });
  const v = await volume();
  assert.equal((await offer({ volume_id: v }, '3.0', '/os-volume-transfer', alt)).status, 404);
  const noKey = await t.request('POST', `${V}/os-volume-transfer/${randomUUID()}/accept`, {
    token: alt,
    body: { accept: {} },
  });
  assert.equal(noKey.status, 400);
});

test('race: two accepts of one transfer at once — exactly one wins, the volume moves once', async () => {
  const v = await volume();
  await snapshot(v);
  const c = await offer({ volume_id: v });
  const { id, auth_key } = c.body.transfer;
  const results = await Promise.all([accept(id, auth_key, alt), accept(id, auth_key, small)]);
  const codes = results.map((r) => r.status).sort();
  assert.equal(codes.filter((s) => s === 202).length, 1, JSON.stringify(results.map((r) => r.body)));
  assert.ok(
    codes.every((s) => s === 202 || s === 404 || s === 400 || s === 413),
    codes.join(),
  );
  const row = await t.rt.store.db.selectFrom('volumes').selectAll().where('id', '=', v).executeTakeFirstOrThrow();
  const snaps = await t.rt.store.db.selectFrom('volume_snapshots').selectAll().where('volume_id', '=', v).execute();
  assert.equal(row.status, 'available');
  assert.ok(snaps.every((s) => s.project_id === row.project_id));
  const history = await t.rt.store.db
    .selectFrom('volume_transfers')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  assert.equal(history.destination_project_id, row.project_id);
});

test("an admin's force delete of an offered volume ends its transfer with it", async () => {
  const v = await volume();
  const c = await offer({ volume_id: v });
  const id = c.body.transfer.id as string;
  const r = await t.request('POST', `${V}/volumes/${v}/action`, { token: admin, body: { 'os-force_delete': {} } });
  assert.equal(r.status, 202, r.text);
  await waitFor(async () => (await t.request('GET', `${V}/volumes/${v}`, { token: demo })).status === 404, 'gone');
  assert.equal((await t.request('GET', `${V}/os-volume-transfer/${id}`, { token: demo })).status, 404);
  assert.equal((await accept(id, c.body.transfer.auth_key)).status, 404);
});
