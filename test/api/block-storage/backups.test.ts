import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, waitFor, type TestApp } from '../../helpers/app.js';

let t: TestApp;
let admin: string;
let demo: string;
let demoProject: string;
const V = '/volume/v3';
const mv = (v: string) => ({ 'openstack-api-version': `volume ${v}` });
const NO_SUCH = '00000000-0000-0000-0000-000000000000';

before(async () => {
  t = await startTestApp({ blockStorage: { quotas: { volumes: 20, snapshots: 5, gigabytes: 100 } } });
  admin = await t.tokenFor('admin');
  demo = await t.tokenFor('demo');
  demoProject = (
    await t.rt.store.db.selectFrom('projects').select('id').where('name', '=', 'demo').executeTakeFirstOrThrow()
  ).id;
});
after(async () => {
  await t.close();
});

const volumeStatus = (id: string, status: string, token = demo) =>
  waitFor(async () => {
    const r = await t.request('GET', `${V}/volumes/${id}`, { token, headers: mv('3.70') });
    return r.body?.volume?.status === status ? r.body.volume : null;
  }, `volume ${status}`);
const backupStatus = (id: string, status: string, token = demo) =>
  waitFor(async () => {
    const r = await t.request('GET', `${V}/backups/${id}`, { token, headers: mv('3.70') });
    return r.body?.backup?.status === status ? r.body.backup : null;
  }, `backup ${status}`);
/** previous_status is not in Cinder's view: read the row */
const volumeRow = (id: string) =>
  t.rt.store.db.selectFrom('volumes').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const volume = async (size = 1, token = demo) => {
  const r = await t.request('POST', `${V}/volumes`, { token, body: { volume: { size } } });
  assert.equal(r.status, 202, r.text);
  await volumeStatus(r.body.volume.id, 'available', token);
  return r.body.volume.id as string;
};
const backup = async (body: Record<string, unknown>, token = demo, headers = mv('3.70')) =>
  t.request('POST', `${V}/backups`, { token, headers, body: { backup: body } });

test('backup create → creating then available; the volume backing-up then back; list, show, update', async () => {
  const vol = await volume(2);
  const r = await backup({ volume_id: vol, name: 'b1', description: 'd', container: 'c1', metadata: { k: 'v' } });
  assert.equal(r.status, 202, r.text);
  assert.deepEqual(Object.keys(r.body.backup).sort(), ['id', 'links', 'name']);
  assert.equal(r.body.backup.name, 'b1');
  assert.equal(r.body.backup.links[0].rel, 'self');
  assert.match(r.body.backup.links[0].href, new RegExp(`/volume/v3/backups/${r.body.backup.id}$`));
  const id = r.body.backup.id as string;
  const b = await backupStatus(id, 'available');
  assert.equal(b.size, 2);
  assert.equal(b.volume_id, vol);
  assert.equal(b.container, 'c1');
  assert.equal(b.description, 'd');
  assert.equal(b.is_incremental, false);
  assert.equal(b.has_dependent_backups, false);
  assert.equal(b.fail_reason, null);
  assert.equal(b.snapshot_id, null);
  assert.equal(b.availability_zone, 'nova');
  assert.deepEqual(b.metadata, { k: 'v' });
  assert.ok(b.data_timestamp);
  // the owner attributes are an admin's
  assert.equal(b['os-backup-project-attr:project_id'], undefined);
  assert.equal(b.user_id, undefined);
  await volumeStatus(vol, 'available');
  assert.equal((await volumeRow(vol)).previous_status, 'backing-up');

  const asAdmin = await t.request('GET', `${V}/backups/${id}`, { token: admin, headers: mv('3.56') });
  assert.equal(asAdmin.body.backup['os-backup-project-attr:project_id'], demoProject);
  assert.ok(asAdmin.body.backup.user_id);
  const old = await t.request('GET', `${V}/backups/${id}`, { token: admin });
  assert.equal(old.body.backup['os-backup-project-attr:project_id'], undefined);
  assert.equal(old.body.backup.metadata, undefined);

  const list = await t.request('GET', `${V}/backups`, { token: demo });
  assert.ok(list.body.backups.some((x: { id: string }) => x.id === id));
  assert.deepEqual(Object.keys(list.body.backups[0]).sort(), ['id', 'links', 'name']);
  const detail = await t.request('GET', `${V}/backups/detail?volume_id=${vol}`, { token: demo });
  assert.equal(detail.body.backups.length, 1);
  assert.equal(detail.body.backups[0].status, 'available');

  // update is 3.9+, metadata 3.43+
  const tooOld = await t.request('PUT', `${V}/backups/${id}`, { token: demo, body: { backup: { name: 'x' } } });
  assert.equal(tooOld.status, 404);
  const noMd = await t.request('PUT', `${V}/backups/${id}`, {
    token: demo,
    headers: mv('3.9'),
    body: { backup: { metadata: { a: 'b' } } },
  });
  assert.equal(noMd.status, 400);
  const u = await t.request('PUT', `${V}/backups/${id}`, {
    token: demo,
    headers: mv('3.43'),
    body: { backup: { name: 'renamed', metadata: { a: 'b' } } },
  });
  assert.equal(u.status, 200, u.text);
  assert.equal(u.body.backup.name, 'renamed');
  const after = await t.request('GET', `${V}/backups/${id}`, { token: demo, headers: mv('3.43') });
  assert.deepEqual(after.body.backup.metadata, { a: 'b' });
  assert.equal(after.body.backup.description, 'd');

  // delete → gone; the volume itself can be deleted while backups exist
  assert.equal((await t.request('DELETE', `${V}/backups/${id}`, { token: demo })).status, 202);
  await waitFor(async () => (await t.request('GET', `${V}/backups/${id}`, { token: demo })).status === 404, 'gone');
});

test('backup create: bad input, state rules, microversion gates, other projects', async () => {
  const noVol = await backup({ name: 'x' });
  assert.deepEqual(noVol.body, {
    badRequest: {
      code: 400,
      message: "Invalid input for field/attribute backup. Value: {'name': 'x'}. 'volume_id' is a required property",
    },
  });
  // metadata before 3.43 and availability_zone before 3.51 are unknown properties
  const vol = await volume(1);
  assert.equal((await backup({ volume_id: vol, metadata: {} }, demo, mv('3.42'))).status, 400);
  assert.equal((await backup({ volume_id: vol, availability_zone: 'nova' }, demo, mv('3.50'))).status, 400);
  assert.equal((await backup({ volume_id: vol, incremental: 'maybe' })).status, 400);
  const missing = await backup({ volume_id: NO_SUCH });
  assert.deepEqual(missing.body, { itemNotFound: { code: 404, message: `Volume ${NO_SUCH} could not be found.` } });

  // a volume not available or in-use; in-use needs force
  await t.rt.store.db.updateTable('volumes').set({ status: 'error' }).where('id', '=', vol).execute();
  const bad = await backup({ volume_id: vol });
  assert.deepEqual(bad.body, {
    badRequest: {
      code: 400,
      message: 'Invalid volume: Volume to be backed up must be available or in-use, but the current status is "error".',
    },
  });
  await t.rt.store.db.updateTable('volumes').set({ status: 'in-use' }).where('id', '=', vol).execute();
  const inUse = await backup({ volume_id: vol });
  assert.equal(inUse.body.badRequest.message, 'Invalid volume: Backing up an in-use volume must use the force flag.');
  const forced = await backup({ volume_id: vol, force: true });
  assert.equal(forced.status, 202);
  await backupStatus(forced.body.backup.id, 'available');
  await volumeStatus(vol, 'in-use');
  assert.equal((await volumeRow(vol)).previous_status, 'backing-up');
  await t.rt.store.db.updateTable('volumes').set({ status: 'available' }).where('id', '=', vol).execute();

  // incremental needs an available backup of the volume
  const other = await volume(1);
  const noParent = await backup({ volume_id: other, incremental: true });
  assert.equal(noParent.body.badRequest.message, 'Invalid backup: No backups available to do an incremental backup.');
  const inc = await backup({ volume_id: vol, incremental: true });
  assert.equal(inc.status, 202);
  const incB = await backupStatus(inc.body.backup.id, 'available');
  assert.equal(incB.is_incremental, true);
  const parent = await t.request('GET', `${V}/backups/${forced.body.backup.id}`, { token: demo });
  assert.equal(parent.body.backup.has_dependent_backups, true);
  const delParent = await t.request('DELETE', `${V}/backups/${forced.body.backup.id}`, { token: demo });
  assert.deepEqual(delParent.body, {
    badRequest: { code: 400, message: 'Invalid backup: Incremental backups exist for this backup.' },
  });

  // another project's backup and volume are not found
  const adminVol = await volume(1, admin);
  const theirs = await backup({ volume_id: adminVol }, admin);
  assert.equal(theirs.status, 202);
  assert.equal((await backup({ volume_id: adminVol })).status, 404);
  const hidden = await t.request('GET', `${V}/backups/${theirs.body.backup.id}`, { token: demo });
  assert.deepEqual(hidden.body, {
    itemNotFound: { code: 404, message: `Backup ${theirs.body.backup.id} could not be found.` },
  });
  assert.equal((await t.request('DELETE', `${V}/backups/${theirs.body.backup.id}`, { token: demo })).status, 404);
  const restoreTheirs = await t.request('POST', `${V}/backups/${theirs.body.backup.id}/restore`, {
    token: demo,
    body: { restore: null },
  });
  assert.equal(restoreTheirs.status, 404);
  // all_tenants: an admin's only; a non-boolean is refused
  const all = await t.request('GET', `${V}/backups?all_tenants=1`, { token: admin });
  assert.ok(all.body.backups.some((x: { id: string }) => x.id === inc.body.backup.id));
  const mine = await t.request('GET', `${V}/backups?all_tenants=1`, { token: demo });
  assert.ok(!mine.body.backups.some((x: { id: string }) => x.id === theirs.body.backup.id));
  const notBool = await t.request('GET', `${V}/backups?all_tenants=maybe`, { token: demo });
  assert.deepEqual(notBool.body, { badRequest: { code: 400, message: "all_tenants must be a boolean, got 'maybe'." } });
});

test('backup of a snapshot: the snapshot goes backing-up and back; a mismatched volume is refused', async () => {
  const vol = await volume(1);
  const other = await volume(1);
  const s = await t.request('POST', `${V}/snapshots`, { token: demo, body: { snapshot: { volume_id: vol } } });
  assert.equal(s.status, 202);
  await waitFor(
    async () =>
      (await t.request('GET', `${V}/snapshots/${s.body.snapshot.id}`, { token: demo })).body.snapshot.status ===
      'available',
    'snapshot available',
  );
  const mismatch = await backup({ volume_id: other, snapshot_id: s.body.snapshot.id });
  assert.equal(
    mismatch.body.badRequest.message,
    `Invalid volume: Volume ${other} does not match with snapshot.volume_id ${vol}.`,
  );
  const r = await backup({ volume_id: vol, snapshot_id: s.body.snapshot.id });
  assert.equal(r.status, 202, r.text);
  const b = await backupStatus(r.body.backup.id, 'available');
  assert.equal(b.snapshot_id, s.body.snapshot.id);
  const snap = await t.request('GET', `${V}/snapshots/${s.body.snapshot.id}`, { token: demo });
  assert.equal(snap.body.snapshot.status, 'available');
  const v = await t.request('GET', `${V}/volumes/${vol}`, { token: demo });
  assert.equal(v.body.volume.status, 'available');
});

test('restore to a new volume and to an existing one; state and size rules', async () => {
  const vol = await volume(2);
  const md = await t.request('POST', `${V}/volumes/${vol}/metadata`, {
    token: demo,
    body: { metadata: { 'vol-meta1': 'value1', 'vol-meta2': 'value2' } },
  });
  assert.equal(md.status, 200, md.text);
  const r = await backup({ volume_id: vol });
  const id = r.body.backup.id as string;
  await backupStatus(id, 'available');

  const created = await t.request('POST', `${V}/backups/${id}/restore`, { token: demo, body: { restore: {} } });
  assert.equal(created.status, 202, created.text);
  assert.deepEqual(Object.keys(created.body.restore).sort(), ['backup_id', 'volume_id', 'volume_name']);
  assert.equal(created.body.restore.backup_id, id);
  assert.equal(created.body.restore.volume_name, `restore_backup_${id}`);
  const nv = await volumeStatus(created.body.restore.volume_id, 'available');
  assert.equal(nv.size, 2);
  assert.equal(nv.description, 'auto-created_from_restore_from_backup');
  // the source volume's metadata comes back with the data (tempest's restore check)
  assert.deepEqual(nv.metadata, { 'vol-meta1': 'value1', 'vol-meta2': 'value2' });
  await backupStatus(id, 'available');

  // into an existing volume: too small, not available, then fine
  const small = await volume(1);
  const tooSmall = await t.request('POST', `${V}/backups/${id}/restore`, {
    token: demo,
    body: { restore: { volume_id: small } },
  });
  assert.deepEqual(tooSmall.body, {
    badRequest: { code: 400, message: 'Invalid volume: volume size 1 is too small to restore backup of size 2.' },
  });
  const target = await volume(3);
  await t.rt.store.db.updateTable('volumes').set({ status: 'error' }).where('id', '=', target).execute();
  const notAvail = await t.request('POST', `${V}/backups/${id}/restore`, {
    token: demo,
    body: { restore: { volume_id: target } },
  });
  assert.equal(notAvail.body.badRequest.message, 'Invalid volume: Volume to be restored to must be available');
  await t.rt.store.db.updateTable('volumes').set({ status: 'available' }).where('id', '=', target).execute();
  const into = await t.request('POST', `${V}/backups/${id}/restore`, {
    token: demo,
    body: { restore: { volume_id: target, name: 'ignored' } },
  });
  assert.equal(into.status, 202, into.text);
  assert.equal(into.body.restore.volume_id, target);
  await volumeStatus(target, 'available');
  await backupStatus(id, 'available');

  const missing = await t.request('POST', `${V}/backups/${id}/restore`, {
    token: demo,
    body: { restore: { volume_id: NO_SUCH } },
  });
  assert.equal(missing.status, 404);
  const badBody = await t.request('POST', `${V}/backups/${id}/restore`, { token: demo, body: { restore: { x: 1 } } });
  assert.equal(badBody.status, 400);

  // a backup not available cannot be restored or deleted
  await t.rt.store.db.updateTable('volume_backups').set({ status: 'creating' }).where('id', '=', id).execute();
  const notReady = await t.request('POST', `${V}/backups/${id}/restore`, { token: demo, body: { restore: null } });
  assert.deepEqual(notReady.body, {
    badRequest: { code: 400, message: 'Invalid backup: Backup status must be available' },
  });
  const del = await t.request('DELETE', `${V}/backups/${id}`, { token: demo });
  assert.deepEqual(del.body, {
    badRequest: { code: 400, message: 'Invalid backup: Backup status must be available or error' },
  });
});

test('admin actions: os-reset_status and os-force_delete', async () => {
  const vol = await volume(1);
  const r = await backup({ volume_id: vol });
  const id = r.body.backup.id as string;
  await backupStatus(id, 'available');
  const act = (token: string, body: unknown) => t.request('POST', `${V}/backups/${id}/action`, { token, body });

  const forbidden = await act(demo, { 'os-reset_status': { status: 'error' } });
  assert.equal(forbidden.status, 403);
  const invalid = await act(admin, { 'os-reset_status': { status: 'creating' } });
  assert.deepEqual(invalid.body, {
    badRequest: {
      code: 400,
      message: "Backup status: creating is invalid, valid statuses are: ['available', 'error'].",
    },
  });
  assert.equal((await act(admin, { 'os-reset_status': {} })).status, 400);
  assert.equal((await act(admin, { 'os-bogus': {} })).status, 400);
  const reset = await act(admin, { 'os-reset_status': { status: 'ERROR' } });
  assert.equal(reset.status, 202);
  assert.equal((await t.request('GET', `${V}/backups/${id}`, { token: demo })).body.backup.status, 'error');

  // force delete from a status a plain delete refuses
  await t.rt.store.db.updateTable('volume_backups').set({ status: 'restoring' }).where('id', '=', id).execute();
  assert.equal((await act(demo, { 'os-force_delete': {} })).status, 403);
  assert.equal((await act(admin, { 'os-force_delete': {} })).status, 202);
  await waitFor(async () => (await t.request('GET', `${V}/backups/${id}`, { token: demo })).status === 404, 'gone');
  assert.equal((await act(admin, { 'os-force_delete': {} })).status, 404);
});

test('list: paging, sort, offset, with_count, bad parameters', async () => {
  const vol = await volume(1);
  const ids: string[] = [];
  for (const name of ['p-a', 'p-b', 'p-c']) {
    const r = await backup({ volume_id: vol, name });
    ids.push(r.body.backup.id);
    await backupStatus(r.body.backup.id, 'available');
  }
  const page = await t.request('GET', `${V}/backups?volume_id=${vol}&limit=2&sort=display_name:asc`, { token: demo });
  assert.deepEqual(
    page.body.backups.map((b: { name: string }) => b.name),
    ['p-a', 'p-b'],
  );
  assert.equal(page.body.backups_links[0].rel, 'next');
  const nextUrl = new URL(page.body.backups_links[0].href);
  const rest = await t.request('GET', `${V}/backups?${nextUrl.searchParams.toString()}`, { token: demo });
  assert.deepEqual(
    rest.body.backups.map((b: { name: string }) => b.name),
    ['p-c'],
  );
  // sort by "name" from 3.37 only
  assert.equal((await t.request('GET', `${V}/backups?sort=name`, { token: demo })).status, 400);
  const byName = await t.request('GET', `${V}/backups/detail?volume_id=${vol}&sort=name:desc`, {
    token: demo,
    headers: mv('3.37'),
  });
  assert.deepEqual(
    byName.body.backups.map((b: { name: string }) => b.name),
    ['p-c', 'p-b', 'p-a'],
  );
  const off = await t.request('GET', `${V}/backups?volume_id=${vol}&sort_key=display_name&sort_dir=asc&offset=1`, {
    token: demo,
  });
  assert.deepEqual(
    off.body.backups.map((b: { name: string }) => b.name),
    ['p-b', 'p-c'],
  );
  const counted = await t.request('GET', `${V}/backups?volume_id=${vol}&limit=1&with_count=true`, {
    token: demo,
    headers: mv('3.45'),
  });
  assert.equal(counted.body.count, 3);
  assert.equal(counted.body.backups.length, 1);
  const noCount = await t.request('GET', `${V}/backups?volume_id=${vol}&with_count=true`, { token: demo });
  assert.equal(noCount.body.count, undefined);
  const byStatus = await t.request('GET', `${V}/backups?volume_id=${vol}&status=error`, { token: demo });
  assert.deepEqual(byStatus.body.backups, []);
  assert.deepEqual((await t.request('GET', `${V}/backups?limit=x`, { token: demo })).body, {
    badRequest: { code: 400, message: 'limit param must be an integer' },
  });
  assert.deepEqual((await t.request('GET', `${V}/backups?offset=-1`, { token: demo })).body, {
    badRequest: { code: 400, message: 'offset must be >= 0' },
  });
  assert.equal((await t.request('GET', `${V}/backups?sort_key=bogus`, { token: demo })).status, 400);
  assert.equal((await t.request('GET', `${V}/backups?sort_dir=up`, { token: demo })).status, 400);
  assert.equal((await t.request('GET', `${V}/backups?marker=${NO_SUCH}`, { token: demo })).status, 404);
});

test('backup quotas: backups and backup_gigabytes are enforced and reported', async () => {
  const vol = await volume(3);
  const set = await t.request('PUT', `${V}/os-quota-sets/${demoProject}`, {
    token: admin,
    body: { quota_set: { backup_gigabytes: 100 } },
  });
  assert.equal(set.status, 200, set.text);
  const usage = await t.request('GET', `${V}/os-quota-sets/${demoProject}?usage=true`, { token: demo });
  const used = usage.body.quota_set.backups.in_use as number;
  const usedGb = usage.body.quota_set.backup_gigabytes.in_use as number;
  assert.ok(used > 0);
  assert.equal(
    (
      await t.request('PUT', `${V}/os-quota-sets/${demoProject}`, {
        token: admin,
        body: { quota_set: { backup_gigabytes: usedGb + 2 } },
      })
    ).status,
    200,
  );
  const tooBig = await backup({ volume_id: vol });
  assert.equal(tooBig.status, 413);
  assert.deepEqual(tooBig.body, {
    overLimit: {
      code: 413,
      message: `VolumeBackupSizeExceedsAvailableQuota: Requested backup exceeds allowed Backup gigabytes quota. Requested 3G, quota is ${usedGb + 2}G and ${usedGb}G has been consumed.`,
      retryAfter: '0',
    },
  });
  // the failed create left the volume as it was
  assert.equal((await t.request('GET', `${V}/volumes/${vol}`, { token: demo })).body.volume.status, 'available');
  await t.request('PUT', `${V}/os-quota-sets/${demoProject}`, {
    token: admin,
    body: { quota_set: { backups: used, backup_gigabytes: 1000 } },
  });
  const tooMany = await backup({ volume_id: vol });
  assert.deepEqual(tooMany.body, {
    overLimit: {
      code: 413,
      message: `BackupLimitExceeded: Maximum number of backups allowed (${used}) exceeded`,
      retryAfter: '0',
    },
  });
  const limits = await t.request('GET', `${V}/limits`, { token: demo });
  assert.equal(limits.body.limits.absolute.totalBackupsUsed, used);
  assert.equal(limits.body.limits.absolute.maxTotalBackups, used);
  // the limit cannot go below the usage
  const below = await t.request('PUT', `${V}/os-quota-sets/${demoProject}`, {
    token: admin,
    body: { quota_set: { backups: 0 } },
  });
  assert.equal(below.status, 400);
  await t.request('DELETE', `${V}/os-quota-sets/${demoProject}`, { token: admin });
});
