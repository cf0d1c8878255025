import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, waitFor, type TestApp } from '../../helpers/app.js';

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

async function newType(name: string): Promise<string> {
  const r = await t.request('POST', `${V}/types`, { token: admin, body: { volume_type: { name } } });
  assert.equal(r.status, 200, r.text);
  return r.body.volume_type.id as string;
}
const enc = (typeId: string, suffix = '') => `${V}/types/${typeId}/encryption${suffix}`;

test('encryption create, show, item, update, delete (the tempest sequence)', async () => {
  const id = await newType('enc-a');
  assert.deepEqual((await t.request('GET', enc(id), { token: admin })).body, {});
  const created = await t.request('POST', enc(id), {
    token: admin,
    body: {
      encryption: {
        provider: 'LuksEncryptor',
        key_size: '256',
        cipher: 'aes-xts-plain64',
        control_location: 'front-end',
        extra: 1,
      },
    },
  });
  assert.equal(created.status, 200, created.text);
  const e = created.body.encryption;
  assert.deepEqual(Object.keys(e), [
    'provider',
    'key_size',
    'cipher',
    'control_location',
    'extra',
    'volume_type_id',
    'encryption_id',
  ]);
  assert.equal(e.key_size, 256);
  assert.equal(e.volume_type_id, id);
  const shown = await t.request('GET', enc(id), { token: admin });
  assert.deepEqual(Object.keys(shown.body), [
    'created_at',
    'updated_at',
    'deleted_at',
    'deleted',
    'encryption_id',
    'cipher',
    'key_size',
    'provider',
    'control_location',
    'volume_type_id',
  ]);
  assert.equal(shown.body.encryption_id, e.encryption_id);
  assert.equal(shown.body.updated_at, null);
  assert.equal(shown.body.deleted, false);
  assert.equal(shown.body.provider, 'LuksEncryptor');

  const again = await t.request('POST', enc(id), {
    token: admin,
    body: { encryption: { provider: 'LuksEncryptor', control_location: 'front-end' } },
  });
  assert.equal(again.status, 400);
  assert.deepEqual(again.body, {
    badRequest: { code: 400, message: `Volume type encryption for type ${id} already exists.` },
  });

  const upd = await t.request('PUT', enc(id, '/provider'), {
    token: admin,
    body: { encryption: { key_size: 128, provider: 'SomeProvider', control_location: 'back-end' } },
  });
  assert.equal(upd.status, 200, upd.text);
  assert.deepEqual(upd.body, { encryption: { key_size: 128, provider: 'SomeProvider', control_location: 'back-end' } });
  const after = (await t.request('GET', enc(id), { token: admin })).body;
  assert.equal(after.key_size, 128);
  assert.equal(after.provider, 'SomeProvider');
  assert.equal(after.control_location, 'back-end');
  assert.equal(after.cipher, 'aes-xts-plain64');
  assert.ok(after.updated_at);

  assert.deepEqual((await t.request('GET', enc(id, '/cipher'), { token: admin })).body, { cipher: 'aes-xts-plain64' });
  const noKey = await t.request('GET', enc(id, '/nope'), { token: admin });
  assert.equal(noKey.status, 404);
  assert.deepEqual(noKey.body, {
    itemNotFound: { code: 404, message: `Volume type encryption for type ${id} does not exist.` },
  });

  const del = await t.request('DELETE', enc(id, '/provider'), { token: admin });
  assert.equal(del.status, 202);
  assert.equal(del.text, '');
  assert.deepEqual((await t.request('GET', enc(id), { token: admin })).body, {});
  assert.equal((await t.request('DELETE', enc(id, '/provider'), { token: admin })).status, 404);
  const updGone = await t.request('PUT', enc(id, '/provider'), {
    token: admin,
    body: { encryption: { provider: 'x' } },
  });
  assert.equal(updGone.status, 404);
});

test('validation, unknown types and the admin rule', async () => {
  const id = await newType('enc-b');
  const cases: Array<[unknown, string]> = [
    [
      { provider: 'p', key_size: 'abc', control_location: 'front-end' },
      'Invalid input received: key_size must be an integer.',
    ],
    [
      { provider: 'p', key_size: -1, control_location: 'front-end' },
      'Invalid input for field/attribute key_size. Value: -1. -1 is less than the minimum of 0',
    ],
    [
      { provider: 'p', control_location: 'middle' },
      "Invalid input for field/attribute control_location. Value: middle. 'middle' is not one of ['front-end', 'back-end']",
    ],
    [
      { control_location: 'front-end' },
      "Invalid input for field/attribute encryption. Value: {'control_location': 'front-end'}. 'provider' is a required property",
    ],
  ];
  for (const [body, message] of cases) {
    const r = await t.request('POST', enc(id), { token: admin, body: { encryption: body } });
    assert.equal(r.status, 400, r.text);
    assert.deepEqual(r.body, { badRequest: { code: 400, message } });
  }
  const none = '00000000-0000-0000-0000-000000000000';
  const missing = await t.request('POST', enc(none), {
    token: admin,
    body: { encryption: { provider: 'p', control_location: 'front-end' } },
  });
  assert.equal(missing.status, 404);
  assert.deepEqual(missing.body, { itemNotFound: { code: 404, message: `Volume type ${none} could not be found.` } });
  assert.equal((await t.request('GET', enc(none), { token: admin })).status, 404);
  assert.equal((await t.request('DELETE', enc(none, '/provider'), { token: admin })).status, 404);
  assert.equal((await t.request('GET', enc(id), { token: demo })).status, 403);
  const memberCreate = await t.request('POST', enc(id), {
    token: demo,
    body: { encryption: { provider: 'p', control_location: 'front-end' } },
  });
  assert.equal(memberCreate.status, 403);
});

test('a volume of an encrypted type is encrypted; its type is then in use', async () => {
  const id = await newType('enc-c');
  const c = await t.request('POST', enc(id), {
    token: admin,
    body: { encryption: { provider: 'luks', cipher: null, control_location: 'front-end' } },
  });
  assert.equal(c.status, 200, c.text);
  const v = await t.request('POST', `${V}/volumes`, { token: demo, body: { volume: { size: 1, volume_type: id } } });
  assert.equal(v.status, 202, v.text);
  assert.equal(v.body.volume.encrypted, true);
  const shown = await waitFor(async () => {
    const r = await t.request('GET', `${V}/volumes/${v.body.volume.id}`, { token: demo });
    return r.body.volume.status === 'available' ? r.body.volume : null;
  }, 'available');
  assert.equal(shown.encrypted, true);
  const plain = await t.request('POST', `${V}/volumes`, { token: demo, body: { volume: { size: 1 } } });
  assert.equal(plain.body.volume.encrypted, false);

  for (const [method, suffix, action] of [
    ['PUT', '/provider', 'update'],
    ['DELETE', '/provider', 'delete'],
  ] as const) {
    const r = await t.request(method, enc(id, suffix), {
      token: admin,
      body: method === 'PUT' ? { encryption: { provider: 'x' } } : undefined,
    });
    assert.equal(r.status, 400, r.text);
    assert.deepEqual(r.body, {
      badRequest: { code: 400, message: `Cannot ${action} encryption specs. Volume type in use.` },
    });
  }
  const id2 = await newType('enc-d');
  const v2 = await t.request('POST', `${V}/volumes`, { token: demo, body: { volume: { size: 1, volume_type: id2 } } });
  assert.equal(v2.status, 202);
  const late = await t.request('POST', enc(id2), {
    token: admin,
    body: { encryption: { provider: 'luks', control_location: 'front-end' } },
  });
  assert.equal(late.status, 400);
  assert.deepEqual(late.body, {
    badRequest: { code: 400, message: 'Cannot create encryption specs. Volume type in use.' },
  });
});

test('deleting a type deletes its encryption', async () => {
  const id = await newType('enc-e');
  await t.request('POST', enc(id), {
    token: admin,
    body: { encryption: { provider: 'luks', control_location: 'back-end' } },
  });
  const del = await t.request('DELETE', `${V}/types/${id}`, { token: admin });
  assert.equal(del.status, 202, del.text);
  const left = await t.rt.store.db
    .selectFrom('volume_type_encryption')
    .selectAll()
    .where('volume_type_id', '=', id)
    .executeTakeFirst();
  assert.equal(left, undefined);
});
