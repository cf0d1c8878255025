import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';

let t: TestApp;
let admin: string;
let demo: string;
const V = '/volume/v3';

before(async () => {
  t = await startTestApp();
  admin = await t.tokenFor('admin');
  demo = await t.tokenFor('demo');
});
after(async () => {
  await t.close();
});

test('create, show, list, set and delete keys; duplicates 409; members 403', async () => {
  const c = await t.request('POST', `${V}/qos-specs`, {
    token: admin,
    body: { qos_specs: { name: 'gold', consumer: 'front-end', read_iops_sec: '100' } },
  });
  assert.equal(c.status, 200);
  const id = c.body.qos_specs.id as string;
  assert.deepEqual(c.body.qos_specs, { id, name: 'gold', consumer: 'front-end', specs: { read_iops_sec: '100' } });
  assert.equal(c.body.links[0].rel, 'self');
  assert.match(c.body.links[0].href, new RegExp(`/qos-specs/${id}$`));
  const plain = await t.request('POST', `${V}/qos-specs`, { token: admin, body: { qos_specs: { name: 'silver' } } });
  assert.equal(plain.body.qos_specs.consumer, 'back-end');
  const dup = await t.request('POST', `${V}/qos-specs`, { token: admin, body: { qos_specs: { name: 'gold' } } });
  assert.deepEqual(dup.body, { conflictingRequest: { code: 409, message: 'QoS Specs gold already exists.' } });
  const badConsumer = await t.request('POST', `${V}/qos-specs`, {
    token: admin,
    body: { qos_specs: { name: 'x', consumer: 'nobody' } },
  });
  assert.equal(badConsumer.status, 400);
  assert.match(badConsumer.body.badRequest.message, /^Invalid qos specs: Valid consumer of QoS specs are/);
  const noName = await t.request('POST', `${V}/qos-specs`, { token: admin, body: { qos_specs: {} } });
  assert.equal(noName.status, 400);

  const list = await t.request('GET', `${V}/qos-specs`, { token: admin });
  assert.deepEqual(list.body.qos_specs.map((q: { name: string }) => q.name).sort(), ['gold', 'silver']);
  const byName = await t.request('GET', `${V}/qos-specs?name=gold`, { token: admin });
  assert.deepEqual(
    byName.body.qos_specs.map((q: { id: string }) => q.id),
    [id],
  );

  const set = await t.request('PUT', `${V}/qos-specs/${id}`, {
    token: admin,
    body: { qos_specs: { write_iops_sec: '50', consumer: 'both' } },
  });
  assert.deepEqual(set.body, { qos_specs: { write_iops_sec: '50', consumer: 'both' } });
  const shown = await t.request('GET', `${V}/qos-specs/${id}`, { token: admin });
  assert.deepEqual(shown.body.qos_specs, {
    id,
    name: 'gold',
    consumer: 'both',
    specs: { read_iops_sec: '100', write_iops_sec: '50' },
  });
  const dk = await t.request('PUT', `${V}/qos-specs/${id}/delete_keys`, {
    token: admin,
    body: { keys: ['read_iops_sec'] },
  });
  assert.equal(dk.status, 202);
  const row = await t.rt.store.db.selectFrom('qos_specs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  assert.deepEqual(JSON.parse(row.specs), { write_iops_sec: '50' });
  const missingKey = await t.request('PUT', `${V}/qos-specs/${id}/delete_keys`, {
    token: admin,
    body: { keys: ['nope'] },
  });
  assert.deepEqual(missingKey.body, {
    itemNotFound: { code: 404, message: `QoS spec ${id} has no spec with key nope.` },
  });
  const unknown = await t.request('GET', `${V}/qos-specs/00000000-0000-0000-0000-000000000000`, { token: admin });
  assert.deepEqual(unknown.body, {
    itemNotFound: { code: 404, message: 'No such QoS spec 00000000-0000-0000-0000-000000000000.' },
  });
  assert.equal((await t.request('GET', `${V}/qos-specs`, { token: demo })).status, 403);
  assert.equal(
    (await t.request('POST', `${V}/qos-specs`, { token: demo, body: { qos_specs: { name: 'm' } } })).status,
    403,
  );

  const del = await t.request('DELETE', `${V}/qos-specs/${plain.body.qos_specs.id}`, { token: admin });
  assert.equal(del.status, 202);
  assert.equal((await t.request('GET', `${V}/qos-specs/${plain.body.qos_specs.id}`, { token: admin })).status, 404);
});

test('associate with types, list associations, disassociate; in-use delete needs force', async () => {
  const q = (await t.request('POST', `${V}/qos-specs`, { token: admin, body: { qos_specs: { name: 'assoc' } } })).body
    .qos_specs.id as string;
  const other = (await t.request('POST', `${V}/qos-specs`, { token: admin, body: { qos_specs: { name: 'other' } } }))
    .body.qos_specs.id as string;
  const ty = (await t.request('POST', `${V}/types`, { token: admin, body: { volume_type: { name: 'qos-type' } } })).body
    .volume_type.id as string;
  const a = await t.request('GET', `${V}/qos-specs/${q}/associate?vol_type_id=${ty}`, { token: admin });
  assert.equal(a.status, 202);
  const again = await t.request('GET', `${V}/qos-specs/${q}/associate?vol_type_id=${ty}`, { token: admin });
  assert.equal(again.status, 202);
  const shownType = await t.request('GET', `${V}/types/${ty}`, { token: admin });
  assert.equal(shownType.body.volume_type.qos_specs_id, q);
  const assocs = await t.request('GET', `${V}/qos-specs/${q}/associations`, { token: admin });
  assert.deepEqual(assocs.body, { qos_associations: [{ association_type: 'volume_type', name: 'qos-type', id: ty }] });
  const clash = await t.request('GET', `${V}/qos-specs/${other}/associate?vol_type_id=${ty}`, { token: admin });
  assert.deepEqual(clash.body, {
    badRequest: {
      code: 400,
      message: `Invalid volume type: Type ${ty} is already associated with another qos specs: ${q}`,
    },
  });
  const noType = await t.request('GET', `${V}/qos-specs/${q}/associate`, { token: admin });
  assert.deepEqual(noType.body, { badRequest: { code: 400, message: 'Volume Type id must not be None.' } });
  const badType = await t.request('GET', `${V}/qos-specs/${q}/associate?vol_type_id=nope`, { token: admin });
  assert.deepEqual(badType.body, { itemNotFound: { code: 404, message: 'Volume type nope could not be found.' } });

  const inUse = await t.request('DELETE', `${V}/qos-specs/${q}`, { token: admin });
  assert.deepEqual(inUse.body, { badRequest: { code: 400, message: 'Qos specs still in use.' } });
  const dis = await t.request('GET', `${V}/qos-specs/${q}/disassociate?vol_type_id=${ty}`, { token: admin });
  assert.equal(dis.status, 202);
  assert.deepEqual((await t.request('GET', `${V}/qos-specs/${q}/associations`, { token: admin })).body, {
    qos_associations: [],
  });
  await t.request('GET', `${V}/qos-specs/${q}/associate?vol_type_id=${ty}`, { token: admin });
  const all = await t.request('GET', `${V}/qos-specs/${q}/disassociate_all`, { token: admin });
  assert.equal(all.status, 202);
  const typeRow = await t.rt.store.db
    .selectFrom('volume_types')
    .selectAll()
    .where('id', '=', ty)
    .executeTakeFirstOrThrow();
  assert.equal(typeRow.qos_specs_id, null);
  await t.request('GET', `${V}/qos-specs/${q}/associate?vol_type_id=${ty}`, { token: admin });
  const forced = await t.request('DELETE', `${V}/qos-specs/${q}?force=true`, { token: admin });
  assert.equal(forced.status, 202);
  assert.equal((await t.request('GET', `${V}/types/${ty}`, { token: admin })).body.volume_type.qos_specs_id, null);
});
