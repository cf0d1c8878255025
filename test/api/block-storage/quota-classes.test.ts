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

test('GET /os-quota-class-sets/default: the configured defaults with the class id', async () => {
  const r = await t.request('GET', `${V}/os-quota-class-sets/default`, { token: admin });
  assert.equal(r.status, 200);
  const q = r.body.quota_class_set;
  assert.equal(q.id, 'default');
  assert.equal(q.volumes, 10);
  assert.equal(q.gigabytes, 1000);
  assert.equal(q.snapshots, 10);
  assert.equal(q.backups, 10);
  assert.equal(q.groups, 10);
  assert.equal(q.per_volume_gigabytes, -1);
  assert.equal(q.volumes___DEFAULT__, -1);
  assert.equal((await t.request('GET', `${V}/os-quota-class-sets/default`, { token: demo })).status, 403);
});

test('PUT on the default class changes every project default; another class falls back to it', async () => {
  const u = await t.request('PUT', `${V}/os-quota-class-sets/default`, {
    token: admin,
    body: { quota_class_set: { volumes: 7, snapshots: '4' } },
  });
  assert.equal(u.status, 200);
  assert.equal(u.body.quota_class_set.volumes, 7);
  assert.equal(u.body.quota_class_set.snapshots, 4);
  assert.equal('id' in u.body.quota_class_set, false);
  const p = await t.request('GET', `${V}/os-quota-sets/any-project/defaults`, { token: admin });
  assert.equal(p.body.quota_set.volumes, 7);
  const limits = await t.request('GET', `${V}/limits`, { token: demo });
  assert.equal(limits.body.limits.absolute.maxTotalVolumes, 7);
  const gold = await t.request('PUT', `${V}/os-quota-class-sets/gold`, {
    token: admin,
    body: { quota_class_set: { gigabytes: 5000 } },
  });
  assert.equal(gold.body.quota_class_set.gigabytes, 5000);
  assert.equal(gold.body.quota_class_set.volumes, 7);
  const shown = await t.request('GET', `${V}/os-quota-class-sets/gold`, { token: admin });
  assert.equal(shown.body.quota_class_set.id, 'gold');
  const rows = await t.rt.store.db.selectFrom('volume_quota_classes').selectAll().execute();
  assert.equal(rows.length, 3);
  // back to the configured defaults for later files sharing nothing, but keep this file honest
  await t.request('PUT', `${V}/os-quota-class-sets/default`, {
    token: admin,
    body: { quota_class_set: { volumes: 10, snapshots: 10 } },
  });
});

test('quota class updates: bad values 400, members 403', async () => {
  const neg = await t.request('PUT', `${V}/os-quota-class-sets/default`, {
    token: admin,
    body: { quota_class_set: { volumes: -2 } },
  });
  assert.equal(neg.status, 400);
  const text = await t.request('PUT', `${V}/os-quota-class-sets/default`, {
    token: admin,
    body: { quota_class_set: { volumes: 'many' } },
  });
  assert.equal(text.status, 400);
  const none = await t.request('PUT', `${V}/os-quota-class-sets/default`, { token: admin, body: {} });
  assert.equal(none.status, 400);
  const member = await t.request('PUT', `${V}/os-quota-class-sets/default`, {
    token: demo,
    body: { quota_class_set: { volumes: 1 } },
  });
  assert.deepEqual(member.body, {
    forbidden: { code: 403, message: "Policy doesn't allow volume_extension:quota_classes:update to be performed." },
  });
});
