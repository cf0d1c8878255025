import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { DEFAULT_IMAGES } from '../../../src/store/seed.js';
import { first } from '../../helpers/elements.js';
import { insertServer, projectId } from './server-fixtures.js';

let t: TestApp;
let admin: string;
let demo: string;
let demoProject: string;
let demoUser: string;
before(async () => {
  t = await startTestApp({ quotas: { instances: 20, cores: 40 } }, { agent: false });
  admin = await t.tokenFor('admin');
  demo = await t.tokenFor('demo');
  demoProject = await projectId(t, 'demo');
  demoUser = (await t.rt.store.db.selectFrom('users').select('id').where('name', '=', 'demo').executeTakeFirstOrThrow())
    .id;
});
after(async () => {
  await t.close();
});

const Q = '/compute/v2.1/os-quota-sets';
const QC = '/compute/v2.1/os-quota-class-sets';
const create = (name: string) =>
  t.request('POST', '/compute/v2.1/servers', {
    token: demo,
    body: { server: { name, imageRef: first(DEFAULT_IMAGES, 'DEFAULT_IMAGES').id, flavorRef: '1' } },
  });

test('show: config defaults per resource, keys filtered at 2.36 and 2.57; members see their own only', async () => {
  const r = await t.request('GET', `${Q}/${demoProject}`, { token: demo });
  assert.equal(r.status, 200, r.text);
  const q = r.body.quota_set;
  assert.equal(q.id, demoProject);
  assert.equal(q.instances, 20);
  assert.equal(q.cores, 40);
  assert.equal(q.injected_files, 5);
  assert.equal(q.server_groups, 10);
  assert.equal(q.floating_ips, -1);
  const k36 = Object.keys((await t.request('GET', `${Q}/${demoProject}`, { token: demo, mv: '2.36' })).body.quota_set);
  assert.equal(k36.includes('floating_ips'), false);
  assert.equal(k36.includes('injected_files'), true);
  const k57 = (await t.request('GET', `${Q}/${demoProject}`, { token: demo, mv: '2.57' })).body.quota_set;
  assert.deepEqual(Object.keys(k57), [
    'id',
    'cores',
    'instances',
    'key_pairs',
    'metadata_items',
    'ram',
    'server_group_members',
    'server_groups',
  ]);
  const adminProject = await projectId(t, 'admin');
  assert.equal((await t.request('GET', `${Q}/${adminProject}`, { token: demo })).status, 403);
  const bad = await t.request('GET', `${Q}/no-such-project`, { token: admin });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.badRequest.message, 'Project ID no-such-project is not a valid project.');
  const extra = await t.request('GET', `${Q}/${demoProject}?foo=1`, { token: demo, mv: '2.75' });
  assert.equal(extra.status, 400);
});

test('update: admin only, written to the store, enforced at create with Nova 403, shown by /limits', async () => {
  const denied = await t.request('PUT', `${Q}/${demoProject}`, { token: demo, body: { quota_set: { instances: 2 } } });
  assert.equal(denied.status, 403);
  const r = await t.request('PUT', `${Q}/${demoProject}`, {
    token: admin,
    body: { quota_set: { instances: '2', key_pairs: 7 } },
  });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.quota_set.instances, 2);
  assert.equal(r.body.quota_set.key_pairs, 7);
  assert.equal('id' in r.body.quota_set, false);
  const row = await t.rt.store.db
    .selectFrom('quotas')
    .select('hard_limit')
    .where('project_id', '=', demoProject)
    .where('resource', '=', 'instances')
    .executeTakeFirstOrThrow();
  assert.equal(Number(row.hard_limit), 2);
  const limits = (await t.request('GET', '/compute/v2.1/limits', { token: demo })).body.limits.absolute;
  assert.equal(limits.maxTotalInstances, 2);
  assert.equal(limits.maxTotalKeypairs, 7);
  assert.equal((await create('a')).status, 202);
  assert.equal((await create('b')).status, 202);
  const third = await create('c');
  assert.equal(third.status, 403);
  assert.match(
    third.body.forbidden.message,
    /^Quota exceeded for instances: Requested 1, but already used 2 of 2 instances/,
  );

  // below usage: 400 unless forced
  const low = await t.request('PUT', `${Q}/${demoProject}`, { token: admin, body: { quota_set: { instances: 1 } } });
  assert.equal(low.status, 400);
  assert.equal(
    low.body.badRequest.message,
    'Quota limit 1 for instances must be greater than or equal to already used and reserved 2.',
  );
  const forced = await t.request('PUT', `${Q}/${demoProject}`, {
    token: admin,
    body: { quota_set: { instances: 1, force: 'True' } },
  });
  assert.equal(forced.status, 200, forced.text);
  assert.equal(forced.body.quota_set.instances, 1);
});

test('update body follows Nova schema: unknown keys, 2.36 network keys, 2.57 personality keys, bad values', async () => {
  const put = (body: unknown, mv?: string) => t.request('PUT', `${Q}/${demoProject}`, { token: admin, body, mv });
  assert.equal((await put({ quota_set: { bogus: 1 } })).status, 400);
  assert.equal((await put({ quota_set: { floating_ips: 3 } })).status, 200);
  assert.equal((await put({ quota_set: { floating_ips: 3 } }, '2.36')).status, 400);
  assert.equal((await put({ quota_set: { injected_files: 3 } }, '2.36')).status, 200);
  assert.equal((await put({ quota_set: { injected_files: 3 } }, '2.57')).status, 400);
  assert.equal((await put({ quota_set: { cores: -2 } })).status, 400);
  assert.equal((await put({ quota_set: { cores: 'abc' } })).status, 400);
  assert.equal((await put({ quota_set: { cores: 5 }, extra: 1 })).status, 400);
});

test('detail shows limit, in_use and reserved; defaults ignore overrides; DELETE resets (202)', async () => {
  await insertServer(t, demoProject, { vcpus: 3, memory_mb: 512 });
  const d = await t.request('GET', `${Q}/${demoProject}/detail`, { token: demo });
  assert.equal(d.status, 200, d.text);
  assert.equal(d.body.quota_set.instances.limit, 1);
  assert.equal(d.body.quota_set.instances.in_use, 3);
  assert.equal(d.body.quota_set.instances.reserved, 0);
  assert.equal(d.body.quota_set.cores.in_use, 5);
  const defaults = await t.request('GET', `${Q}/${demoProject}/defaults`, { token: demo });
  assert.equal(defaults.status, 200);
  assert.equal(defaults.body.quota_set.instances, 20);
  const del = await t.request('DELETE', `${Q}/${demoProject}`, { token: admin });
  assert.equal(del.status, 202);
  const rows = await t.rt.store.db.selectFrom('quotas').selectAll().where('project_id', '=', demoProject).execute();
  assert.equal(rows.length, 0);
  assert.equal((await t.request('GET', `${Q}/${demoProject}`, { token: demo })).body.quota_set.instances, 20);
});

test('per-user quotas: ?user_id= limits one user, bounded by the project, enforced at create', async () => {
  const put = (body: unknown) => t.request('PUT', `${Q}/${demoProject}?user_id=${demoUser}`, { token: admin, body });
  const tooHigh = await put({ quota_set: { instances: 21 } });
  assert.equal(tooHigh.status, 400);
  assert.equal(tooHigh.body.badRequest.message, 'Quota limit 21 for instances must be less than or equal to 20.');
  const r = await put({ quota_set: { instances: 3 } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.quota_set.instances, 3);
  const shown = await t.request('GET', `${Q}/${demoProject}?user_id=${demoUser}`, { token: demo });
  assert.equal(shown.body.quota_set.instances, 3);
  assert.equal((await t.request('GET', `${Q}/${demoProject}`, { token: demo })).body.quota_set.instances, 20);
  // the demo user holds 2 live instances (the third was inserted for another user): one more fits
  assert.equal((await create('u1')).status, 202);
  const refused = await create('u2');
  assert.equal(refused.status, 403);
  assert.match(
    refused.body.forbidden.message,
    /^Quota exceeded for instances: Requested 1, but already used 3 of 3 instances/,
  );
  // a project limit below the user limits is refused (the users' sum is its floor)
  const floor = await t.request('PUT', `${Q}/${demoProject}`, { token: admin, body: { quota_set: { instances: 2 } } });
  assert.equal(floor.status, 400);
  assert.equal((await t.request('DELETE', `${Q}/${demoProject}?user_id=${demoUser}`, { token: admin })).status, 202);
  assert.equal((await create('u3')).status, 202);
});

test('quota classes: the default class is admin-only and becomes every project default (config < class)', async () => {
  assert.equal((await t.request('GET', `${QC}/default`, { token: demo })).status, 403);
  const before = await t.request('GET', `${QC}/default`, { token: admin });
  assert.equal(before.status, 200);
  assert.equal(before.body.quota_class_set.id, 'default');
  assert.equal('server_groups' in before.body.quota_class_set, false);
  assert.equal(
    'server_groups' in (await t.request('GET', `${QC}/default`, { token: admin, mv: '2.50' })).body.quota_class_set,
    true,
  );
  const r = await t.request('PUT', `${QC}/default`, {
    token: admin,
    body: { quota_class_set: { instances: 6, cores: 9 } },
  });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.quota_class_set.instances, 6);
  assert.equal('id' in r.body.quota_class_set, false);
  assert.equal(
    (
      await t.request('PUT', `${QC}/default`, {
        token: admin,
        body: { quota_class_set: { floating_ips: 1 } },
        mv: '2.50',
      })
    ).status,
    400,
  );
  const shown = (await t.request('GET', `${Q}/${demoProject}`, { token: demo })).body.quota_set;
  assert.equal(shown.instances, 6);
  assert.equal(shown.cores, 9);
  assert.equal((await t.request('GET', `${Q}/${demoProject}/defaults`, { token: demo })).body.quota_set.instances, 6);
  assert.equal((await t.request('GET', '/compute/v2.1/limits', { token: demo })).body.limits.absolute.maxTotalCores, 9);
  // the project holds 5 instances of 6: one more, then Nova's 403
  assert.equal((await create('c1')).status, 202);
  const refused = await create('c2');
  assert.equal(refused.status, 403);
  assert.match(refused.body.forbidden.message, /^Quota exceeded for (instances|cores)/);
});

test('metadata_items set through os-quota-sets limits server metadata updates (403)', async () => {
  const { uuid } = await insertServer(t, demoProject, { vm_state: 'active' });
  const put = await t.request('PUT', `${Q}/${demoProject}`, {
    token: admin,
    body: { quota_set: { metadata_items: 2 } },
  });
  assert.equal(put.status, 200, put.text);
  const url = `/compute/v2.1/servers/${uuid}/metadata`;
  const two = await t.request('POST', url, { token: demo, body: { metadata: { a: '1', b: '2' } } });
  assert.equal(two.status, 200, two.text);
  const three = await t.request('POST', url, { token: demo, body: { metadata: { c: '3' } } });
  assert.equal(three.status, 403, three.text);
  assert.match(three.body.forbidden.message, /^Quota exceeded for metadata_items/);
  // the initial metadata of a create counts against the same limit
  const boot = await t.request('POST', '/compute/v2.1/servers', {
    token: demo,
    body: {
      server: {
        name: 'meta',
        imageRef: first(DEFAULT_IMAGES, 'DEFAULT_IMAGES').id,
        flavorRef: '1',
        metadata: { a: '1', b: '2', c: '3' },
      },
    },
  });
  assert.equal(boot.status, 403, boot.text);
  assert.match(boot.body.forbidden.message, /metadata items exceeds 2/);
  assert.equal((await t.request('GET', '/compute/v2.1/limits', { token: demo })).body.limits.absolute.maxServerMeta, 2);
});
