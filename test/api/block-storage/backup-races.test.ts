/**
 * Backups (and uploads) against concurrent requests: the database decides. Two backups of one
 * volume at once leave exactly one backup and the volume backing-up once; a backup racing the
 * volume's delete leaves one of them, never both; of two uploads to an image one wins. No agent
 * runs, so nothing moves on behind the requests.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { placeVolume } from '../../../src/services/block-storage/volume-backend.js';

const V = '/volume/v3';
let t: TestApp;
let demo: string;

before(async () => {
  t = await startTestApp({}, { agent: false });
  demo = await t.tokenFor('demo');
});
after(async () => {
  await t.close();
});

const availableVolume = async (): Promise<string> => {
  const r = await t.request('POST', `${V}/volumes`, { token: demo, body: { volume: { size: 1 } } });
  assert.equal(r.status, 202);
  assert.equal(await placeVolume(t.rt, r.body.volume.id), 'available');
  return r.body.volume.id as string;
};
const backupsOf = (volumeId: string) =>
  t.rt.store.db.selectFrom('volume_backups').selectAll().where('volume_id', '=', volumeId).execute();

test('two backups of one volume at once: one is accepted, the other refused', async () => {
  for (let i = 0; i < 3; i++) {
    const vol = await availableVolume();
    const [a, b] = await Promise.all(
      [1, 2].map(() => t.request('POST', `${V}/backups`, { token: demo, body: { backup: { volume_id: vol } } })),
    );
    assert.deepEqual([a!.status, b!.status].sort(), [202, 400]);
    const refused = a!.status === 400 ? a! : b!;
    assert.equal(
      refused.body.badRequest.message,
      'Invalid volume: Volume to be backed up must be available or in-use, but the current status is "backing-up".',
    );
    assert.equal((await backupsOf(vol)).length, 1);
    const v = await t.rt.store.db.selectFrom('volumes').selectAll().where('id', '=', vol).executeTakeFirstOrThrow();
    assert.equal(v.status, 'backing-up');
    assert.equal(v.previous_status, 'available');
  }
});

test('a backup racing the delete of its volume: exactly one wins', async () => {
  for (let i = 0; i < 3; i++) {
    const vol = await availableVolume();
    const [bk, del] = await Promise.all([
      t.request('POST', `${V}/backups`, { token: demo, body: { backup: { volume_id: vol } } }),
      t.request('DELETE', `${V}/volumes/${vol}`, { token: demo }),
    ]);
    assert.deepEqual([bk.status, del.status].sort(), [202, 400]);
    const v = await t.rt.store.db.selectFrom('volumes').selectAll().where('id', '=', vol).executeTakeFirstOrThrow();
    const backups = await backupsOf(vol);
    if (bk.status === 202) {
      assert.equal(v.status, 'backing-up');
      assert.equal(backups.length, 1);
    } else {
      assert.equal(v.status, 'deleting');
      assert.equal(backups.length, 0);
    }
  }
});

test('the backup operations are durable: run twice, they change nothing more', async () => {
  const { completeBackup } = await import('../../../src/services/block-storage/backup-backend.js');
  const vol = await availableVolume();
  const r = await t.request('POST', `${V}/backups`, { token: demo, body: { backup: { volume_id: vol } } });
  const ops = await t.rt.store.db
    .selectFrom('operations')
    .select(['status', 'payload'])
    .where('kind', '=', 'backup_create')
    .execute();
  assert.ok(ops.some((o) => (JSON.parse(o.payload) as { backupId: string }).backupId === r.body.backup.id));
  assert.equal(await completeBackup(t.rt, r.body.backup.id), 'available');
  assert.equal(await completeBackup(t.rt, r.body.backup.id), 'skipped');
  const v = await t.rt.store.db.selectFrom('volumes').selectAll().where('id', '=', vol).executeTakeFirstOrThrow();
  assert.equal(v.status, 'available');
  assert.equal(v.previous_status, 'backing-up');
});

test('two uploads of one volume to an image at once: one wins, the loser leaves no image', async () => {
  const vol = await availableVolume();
  const [a, b] = await Promise.all(
    ['race-a', 'race-b'].map((image_name) =>
      t.request('POST', `${V}/volumes/${vol}/action`, {
        token: demo,
        body: { 'os-volume_upload_image': { image_name } },
      }),
    ),
  );
  assert.deepEqual([a!.status, b!.status].sort(), [202, 400]);
  const images = await t.rt.store.db.selectFrom('images').select('name').where('name', 'like', 'race-%').execute();
  assert.equal(images.length, 1);
  const v = await t.rt.store.db.selectFrom('volumes').selectAll().where('id', '=', vol).executeTakeFirstOrThrow();
  assert.equal(v.status, 'uploading');
});
