import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, waitFor, type TestApp } from '../../helpers/app.js';

const V = '/volume/v3';
const apps: TestApp[] = [];
after(async () => {
  for (const a of apps) await a.close();
});

async function app(blockStorage: Record<string, unknown>): Promise<{ t: TestApp; demo: string }> {
  const t = await startTestApp({ blockStorage });
  apps.push(t);
  return { t, demo: await t.tokenFor('demo') };
}

const settled = (t: TestApp, token: string, ids: string[]) =>
  waitFor(async () => {
    const r = await t.request('GET', `${V}/volumes/detail`, { token });
    const vols = (r.body.volumes as Array<{ id: string; status: string; size: number }>).filter((v) =>
      ids.includes(v.id),
    );
    return vols.every((v) => v.status !== 'creating' && v.status !== 'extending') ? vols : null;
  }, 'volumes settled');

test('concurrent creates at the quota edge: exactly the limit admitted, the rest 413 with Cinder text', async () => {
  const { t, demo } = await app({ quotas: { volumes: 3, gigabytes: 100 } });
  const results = await Promise.all(
    Array.from({ length: 10 }, (_, i) =>
      t.request('POST', `${V}/volumes`, { token: demo, body: { volume: { size: 1, name: `q${i}` } } }),
    ),
  );
  const admitted = results.filter((r) => r.status === 202);
  const refused = results.filter((r) => r.status === 413);
  assert.equal(admitted.length, 3);
  assert.equal(refused.length, 7);
  assert.deepEqual(refused[0]!.body, {
    overLimit: {
      code: 413,
      message: "VolumeLimitExceeded: Maximum number of volumes allowed (3) exceeded for quota 'volumes'.",
      retryAfter: '0',
    },
  });
  const rows = await t.rt.store.db.selectFrom('volumes').select('id').execute();
  assert.equal(rows.length, 3);
});

test('gigabytes quota: 413 naming requested, quota and consumed; extend is checked too', async () => {
  const { t, demo } = await app({ quotas: { volumes: 10, gigabytes: 5 } });
  const a = await t.request('POST', `${V}/volumes`, { token: demo, body: { volume: { size: 3 } } });
  assert.equal(a.status, 202);
  const b = await t.request('POST', `${V}/volumes`, { token: demo, body: { volume: { size: 3 } } });
  assert.equal(b.status, 413);
  assert.deepEqual(b.body, {
    overLimit: {
      code: 413,
      message:
        'VolumeSizeExceedsAvailableQuota: Requested volume or snapshot exceeds allowed gigabytes quota. Requested 3G, quota is 5G and 3G has been consumed.',
      retryAfter: '0',
    },
  });
  await settled(t, demo, [a.body.volume.id]);
  const ext = await t.request('POST', `${V}/volumes/${a.body.volume.id}/action`, {
    token: demo,
    body: { 'os-extend': { new_size: 6 } },
  });
  assert.equal(ext.status, 413);
  assert.match(ext.body.overLimit.message, /Requested 3G, quota is 5G and 3G has been consumed/);
});

test('pool capacity: creates that do not fit end in error; concurrent creates never overcommit', async () => {
  const { t, demo } = await app({ poolCapacityGb: 4, quotas: { volumes: 50, gigabytes: 1000 } });
  const results = await Promise.all(
    Array.from({ length: 8 }, () => t.request('POST', `${V}/volumes`, { token: demo, body: { volume: { size: 1 } } })),
  );
  assert.ok(results.every((r) => r.status === 202));
  const vols = await settled(
    t,
    demo,
    results.map((r) => r.body.volume.id),
  );
  assert.equal(vols.filter((v) => v.status === 'available').length, 4);
  assert.equal(vols.filter((v) => v.status === 'error').length, 4);
  const pool = await t.rt.store.db.selectFrom('volume_pools').selectAll().executeTakeFirstOrThrow();
  assert.equal(pool.allocated_gb, 4);
  assert.equal(pool.capacity_gb, 4);
  // an error volume can be deleted, and gives nothing back (it never held anything)
  const err = vols.find((v) => v.status === 'error')!;
  assert.equal((await t.request('DELETE', `${V}/volumes/${err.id}`, { token: demo })).status, 202);
  await waitFor(async () => (await t.request('GET', `${V}/volumes/${err.id}`, { token: demo })).status === 404, 'gone');
  // extending past the pool: back to available at the old size
  const ok = vols.find((v) => v.status === 'available')!;
  const ext = await t.request('POST', `${V}/volumes/${ok.id}/action`, {
    token: demo,
    body: { 'os-extend': { new_size: 3 } },
  });
  assert.equal(ext.status, 202);
  const [after] = await settled(t, demo, [ok.id]);
  assert.equal(after!.status, 'available');
  assert.equal(after!.size, 1);
  const row = await t.rt.store.db.selectFrom('volumes').selectAll().where('id', '=', ok.id).executeTakeFirstOrThrow();
  assert.equal(row.extend_to, null);
  assert.equal((await t.rt.store.db.selectFrom('volume_pools').selectAll().executeTakeFirstOrThrow()).allocated_gb, 4);
});

test('GET /limits and /os-quota-sets report the limits and usage as Cinder does', async () => {
  const { t, demo } = await app({ quotas: { volumes: 4, snapshots: 3, gigabytes: 20 } });
  const project = (
    await t.rt.store.db.selectFrom('projects').select('id').where('name', '=', 'demo').executeTakeFirstOrThrow()
  ).id;
  const v = await t.request('POST', `${V}/volumes`, { token: demo, body: { volume: { size: 2 } } });
  await settled(t, demo, [v.body.volume.id]);
  const s = await t.request('POST', `${V}/snapshots`, {
    token: demo,
    body: { snapshot: { volume_id: v.body.volume.id } },
  });
  assert.equal(s.status, 202);
  const limits = await t.request('GET', `${V}/limits`, { token: demo });
  assert.deepEqual(limits.body, {
    limits: {
      rate: [],
      absolute: {
        maxTotalVolumes: 4,
        maxTotalSnapshots: 3,
        maxTotalVolumeGigabytes: 20,
        maxTotalBackups: 10,
        maxTotalBackupGigabytes: 1000,
        totalVolumesUsed: 1,
        totalGigabytesUsed: 4,
        totalSnapshotsUsed: 1,
        totalBackupsUsed: 0,
        totalBackupGigabytesUsed: 0,
      },
    },
  });
  const q = await t.request('GET', `${V}/${project}/os-quota-sets/${project}`, { token: demo });
  assert.deepEqual(q.body, {
    quota_set: {
      volumes: 4,
      per_volume_gigabytes: -1,
      snapshots: 3,
      gigabytes: 20,
      backups: 10,
      backup_gigabytes: 1000,
      volumes___DEFAULT__: -1,
      gigabytes___DEFAULT__: -1,
      snapshots___DEFAULT__: -1,
      groups: 10,
      id: project,
    },
  });
  const usage = await t.request('GET', `${V}/os-quota-sets/${project}?usage=True`, { token: demo });
  assert.deepEqual(usage.body.quota_set.gigabytes, { limit: 20, in_use: 4, reserved: 0 });
  assert.deepEqual(usage.body.quota_set.volumes___DEFAULT__, { limit: -1, in_use: 1, reserved: 0 });
  assert.deepEqual(usage.body.quota_set.snapshots___DEFAULT__, { limit: -1, in_use: 1, reserved: 0 });
  const bad = await t.request('GET', `${V}/os-quota-sets/${project}?usage=maybe`, { token: demo });
  assert.deepEqual(bad.body, { badRequest: { code: 400, message: "Value 'maybe' for 'usage' is not a boolean." } });
  const other = await t.request('GET', `${V}/os-quota-sets/a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0`, { token: demo });
  assert.deepEqual(other.body, {
    forbidden: { code: 403, message: "Policy doesn't allow volume_extension:quotas:show to be performed." },
  });
  const defaults = await t.request('GET', `${V}/os-quota-sets/${project}/defaults`, { token: demo });
  assert.equal(defaults.body.quota_set.volumes, 4);
});

test('concurrent extends never overcommit the pool nor the gigabytes quota', async () => {
  const { t, demo } = await app({ poolCapacityGb: 10, quotas: { volumes: 10, gigabytes: 100 } });
  const ids: string[] = [];
  for (let i = 0; i < 4; i++)
    ids.push((await t.request('POST', `${V}/volumes`, { token: demo, body: { volume: { size: 1 } } })).body.volume.id);
  await settled(t, demo, ids);
  // 6 GB left in the pool: two of the four +3 GB extends fit
  const results = await Promise.all(
    ids.map((id) =>
      t.request('POST', `${V}/volumes/${id}/action`, { token: demo, body: { 'os-extend': { new_size: 4 } } }),
    ),
  );
  assert.ok(results.every((r) => r.status === 202));
  const vols = await settled(t, demo, ids);
  assert.deepEqual(vols.map((v) => v.size).sort(), [1, 1, 4, 4]);
  assert.ok(vols.every((v) => v.status === 'available'));
  const pool = await t.rt.store.db.selectFrom('volume_pools').selectAll().executeTakeFirstOrThrow();
  assert.equal(pool.allocated_gb, 10);

  // the quota side: 12 GB quota, 10 used; of two concurrent +2 GB extends exactly one is admitted
  const q = await app({ poolCapacityGb: 1000, quotas: { volumes: 10, gigabytes: 12 } });
  const a = (await q.t.request('POST', `${V}/volumes`, { token: q.demo, body: { volume: { size: 5 } } })).body.volume
    .id;
  const b = (await q.t.request('POST', `${V}/volumes`, { token: q.demo, body: { volume: { size: 5 } } })).body.volume
    .id;
  await settled(q.t, q.demo, [a, b]);
  const both = await Promise.all(
    [a, b].map((id) =>
      q.t.request('POST', `${V}/volumes/${id}/action`, { token: q.demo, body: { 'os-extend': { new_size: 7 } } }),
    ),
  );
  assert.deepEqual(both.map((r) => r.status).sort(), [202, 413]);
});

test('PUT /os-quota-sets (admins): validated like Cinder, then enforced; DELETE restores the defaults', async () => {
  const { t, demo } = await app({ quotas: { volumes: 10, snapshots: 10, gigabytes: 100 } });
  const admin = await t.tokenFor('admin');
  const project = (
    await t.rt.store.db.selectFrom('projects').select('id').where('name', '=', 'demo').executeTakeFirstOrThrow()
  ).id;
  const url = `${V}/os-quota-sets/${project}`;
  const put = (token: string, quota_set: unknown) => t.request('PUT', url, { token, body: { quota_set } });
  const member = await put(demo, { volumes: 5 });
  assert.deepEqual(member.body, {
    forbidden: { code: 403, message: "Policy doesn't allow volume_extension:quotas:update to be performed." },
  });
  const v = await t.request('POST', `${V}/volumes`, { token: demo, body: { volume: { size: 1 } } });
  await settled(t, demo, [v.body.volume.id]);
  assert.equal(
    (await put(admin, { foo: 5 })).body.badRequest.message,
    'Invalid input received: Bad key(s) in quota set: foo',
  );
  assert.equal((await put(admin, { volumes: -2 })).body.badRequest.message, 'volumes must be >= -1');
  assert.equal((await put(admin, { volumes: 'x' })).body.badRequest.message, 'volumes must be an integer');
  // as Cinder (get_project_quotas with defaults=False): usage is checked only against a limit the
  // project already has of its own, so the first PUT below usage passes and the next is refused
  assert.equal((await put(admin, { volumes: 0 })).status, 200);
  assert.equal(
    (await put(admin, { volumes: 0 })).body.badRequest.message,
    'Quota volumes limit must be equal or greater than existing resources. Current usage is 1 and the requested limit is 0.',
  );
  assert.equal((await put(admin, {})).status, 400);
  const ok = await put(admin, { volumes: 2, snapshots: 4, volumes___DEFAULT__: 3 });
  assert.equal(ok.status, 200);
  assert.equal(ok.body.quota_set.volumes, 2);
  assert.equal(ok.body.quota_set.snapshots, 4);
  assert.equal(ok.body.quota_set.volumes___DEFAULT__, 3);
  assert.equal(ok.body.quota_set.id, undefined);
  const rows = await t.rt.store.db.selectFrom('volume_quotas').selectAll().where('project_id', '=', project).execute();
  assert.equal(rows.length, 3);
  // enforced: one more volume fits, the next is refused with the new limit
  assert.equal((await t.request('POST', `${V}/volumes`, { token: demo, body: { volume: { size: 1 } } })).status, 202);
  const over = await t.request('POST', `${V}/volumes`, { token: demo, body: { volume: { size: 1 } } });
  assert.equal(over.status, 413);
  assert.match(over.body.overLimit.message, /Maximum number of volumes allowed \(2\)/);
  assert.equal((await t.request('GET', `${V}/limits`, { token: demo })).body.limits.absolute.maxTotalVolumes, 2);
  const del = await t.request('DELETE', url, { token: admin });
  assert.equal(del.status, 200);
  assert.equal((await t.request('GET', url, { token: demo })).body.quota_set.volumes, 10);
});
