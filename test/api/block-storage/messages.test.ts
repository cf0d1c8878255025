import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';

let t: TestApp;
let demo: string;
const V = '/volume/v3';
const MV = { 'openstack-api-version': 'volume 3.3' };

before(async () => {
  t = await startTestApp();
  demo = await t.tokenFor('demo');
});
after(async () => {
  await t.close();
});

test('GET /messages from 3.3: an empty list; show and delete 404; before 3.3 404', async () => {
  const r = await t.request('GET', `${V}/messages`, { token: demo, headers: MV });
  assert.equal(r.status, 200);
  assert.deepEqual(r.body, { messages: [] });
  const id = '00000000-0000-0000-0000-000000000001';
  const show = await t.request('GET', `${V}/messages/${id}`, { token: demo, headers: MV });
  assert.deepEqual(show.body, { itemNotFound: { code: 404, message: `Message ${id} could not be found.` } });
  const del = await t.request('DELETE', `${V}/messages/${id}`, { token: demo, headers: MV });
  assert.equal(del.status, 404);
  const old = await t.request('GET', `${V}/messages`, { token: demo });
  assert.equal(old.status, 404);
  assert.equal((await t.request('GET', `${V}/messages`, { headers: MV })).status, 401);
});
