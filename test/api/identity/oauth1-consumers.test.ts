/** /v3/OS-OAUTH1/consumers. Bodies and messages are the real Keystone (Zed) answers. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';

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

const BASE = '/identity/v3/OS-OAUTH1/consumers';

test('consumer create shows the secret once; show/list/update/delete', async () => {
  const res = await t.request('POST', BASE, {
    token: admin,
    body: { consumer: { description: 'd1', x: 1, secret: 'mine', id: 'myid' } },
  });
  assert.equal(res.status, 201);
  const c = res.body.consumer;
  assert.notEqual(c.id, 'myid');
  assert.match(c.secret, /^[0-9a-f]{32}$/);
  assert.notEqual(c.secret, 'mine');
  assert.equal(c.description, 'd1');
  assert.equal(c.x, 1);
  assert.match(c.links.self, new RegExp(`/identity/v3/OS-OAUTH1/consumers/${c.id}$`));
  const row = await t.rt.store.db.selectFrom('oauth1_consumers').selectAll().where('id', '=', c.id).executeTakeFirst();
  assert.equal(row?.secret, c.secret);

  const empty = await t.request('POST', BASE, { token: admin, body: {} });
  assert.equal(empty.status, 201);
  assert.equal(empty.body.consumer.description, null);

  const shown = await t.request('GET', `${BASE}/${c.id}`, { token: admin });
  assert.deepEqual(shown.body.consumer, { x: 1, id: c.id, description: 'd1', links: c.links });
  const list = await t.request('GET', BASE, { token: admin });
  assert.deepEqual(
    list.body.consumers.map((x: { id: string }) => x.id),
    [c.id, empty.body.consumer.id],
  );
  assert.ok(list.body.consumers.every((x: Record<string, unknown>) => !('secret' in x)));

  const upd = await t.request('PATCH', `${BASE}/${c.id}`, {
    token: admin,
    body: { consumer: { description: 'd2', y: 2 } },
  });
  assert.equal(upd.status, 200);
  assert.deepEqual(upd.body.consumer, { x: 1, y: 2, id: c.id, description: 'd2', links: c.links });

  assert.equal((await t.request('DELETE', `${BASE}/${c.id}`, { token: admin })).status, 204);
  const gone = await t.request('GET', `${BASE}/${c.id}`, { token: admin });
  assert.equal(gone.status, 404);
  assert.equal(gone.body.error.message, 'Consumer not found');
});

test('consumer errors: secret or another id on update, empty update, missing, non-admin', async () => {
  const c = (await t.request('POST', BASE, { token: admin, body: { consumer: {} } })).body.consumer;
  const secret = await t.request('PATCH', `${BASE}/${c.id}`, { token: admin, body: { consumer: { secret: 's' } } });
  assert.equal(secret.status, 400);
  const id = await t.request('PATCH', `${BASE}/${c.id}`, { token: admin, body: { consumer: { id: 'other' } } });
  assert.equal(id.status, 400);
  assert.equal(id.body.error.message, 'Cannot change ID');
  const none = await t.request('PATCH', `${BASE}/${c.id}`, { token: admin, body: { consumer: {} } });
  assert.equal(none.status, 400);
  const bad = await t.request('POST', BASE, { token: admin, body: { consumer: { description: 5 } } });
  assert.equal(bad.status, 400);
  for (const [m, u] of [
    ['GET', `${BASE}/nope`],
    ['DELETE', `${BASE}/nope`],
  ] as const) {
    const r = await t.request(m, u, { token: admin });
    assert.equal(r.status, 404);
    assert.equal(r.body.error.message, 'Consumer not found');
  }
  const forbidden = await t.request('GET', BASE, { token: demo });
  assert.equal(forbidden.status, 403);
  assert.equal(
    forbidden.body.error.message,
    'You are not authorized to perform the requested action: identity:list_consumers.',
  );
});
