import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, waitFor, type TestApp } from '../../helpers/app.js';

let t: TestApp;
let admin: string;
let demo: string;
const V = '/volume/v3';
const MV = { 'openstack-api-version': 'volume 3.70' };

before(async () => {
  t = await startTestApp({ blockStorage: { quotas: { volumes: 20, snapshots: 5, gigabytes: 100 } } });
  admin = await t.tokenFor('admin');
  demo = await t.tokenFor('demo');
});
after(async () => {
  await t.close();
});

const status = (kind: 'volumes' | 'backups', id: string, want: string) =>
  waitFor(async () => {
    const r = await t.request('GET', `${V}/${kind}/${id}`, { token: admin, headers: MV });
    const body = r.body?.[kind === 'volumes' ? 'volume' : 'backup'];
    return body?.status === want ? body : null;
  }, `${kind} ${want}`);

test('export a backup, delete it, import it back with the same id, restore from it', async () => {
  const v = await t.request('POST', `${V}/volumes`, { token: admin, body: { volume: { size: 1 } } });
  await status('volumes', v.body.volume.id, 'available');
  const b = await t.request('POST', `${V}/backups`, {
    token: admin,
    headers: MV,
    body: { backup: { volume_id: v.body.volume.id, name: 'exp' } },
  });
  assert.equal(b.status, 202, b.text);
  const id = b.body.backup.id as string;
  await status('backups', id, 'available');

  const exp = await t.request('GET', `${V}/backups/${id}/export_record`, { token: admin });
  assert.equal(exp.status, 200, exp.text);
  const rec = exp.body['backup-record'];
  assert.deepEqual(Object.keys(rec).sort(), ['backup_service', 'backup_url']);
  const decoded = JSON.parse(Buffer.from(rec.backup_url, 'base64').toString('utf8'));
  assert.equal(decoded.id, id);
  assert.equal(decoded.display_name, 'exp');

  // the backup still exists: an import of its record is refused
  const dup = await t.request('POST', `${V}/backups/import_record`, { token: admin, body: { 'backup-record': rec } });
  assert.equal(dup.status, 400);
  assert.deepEqual(dup.body, {
    badRequest: { code: 400, message: 'Invalid backup: Backup already exists in database.' },
  });

  assert.equal((await t.request('DELETE', `${V}/backups/${id}`, { token: admin })).status, 202);
  await waitFor(
    async () => (await t.request('GET', `${V}/backups/${id}`, { token: admin })).status === 404,
    'backup gone',
  );
  const imp = await t.request('POST', `${V}/backups/import_record`, { token: admin, body: { 'backup-record': rec } });
  assert.equal(imp.status, 201, imp.text);
  assert.equal(imp.body.backup.id, id);
  assert.deepEqual(Object.keys(imp.body.backup).sort(), ['id', 'links', 'name']);
  const back = await status('backups', id, 'available');
  assert.equal(back.name, 'exp');
  assert.equal(back.size, 1);

  const restore = await t.request('POST', `${V}/backups/${id}/restore`, { token: admin, body: { restore: {} } });
  assert.equal(restore.status, 202, restore.text);
  await status('volumes', restore.body.restore.volume_id, 'available');
  await status('backups', id, 'available');
});

test('export only an available backup; bad records; admin only', async () => {
  const v = await t.request('POST', `${V}/volumes`, { token: demo, body: { volume: { size: 1 } } });
  await status('volumes', v.body.volume.id, 'available');
  const b = await t.request('POST', `${V}/backups`, {
    token: demo,
    headers: MV,
    body: { backup: { volume_id: v.body.volume.id } },
  });
  const id = b.body.backup.id as string;
  await status('backups', id, 'available');
  assert.equal((await t.request('GET', `${V}/backups/${id}/export_record`, { token: demo })).status, 403);
  await t.request('POST', `${V}/backups/${id}/action`, {
    token: admin,
    body: { 'os-reset_status': { status: 'error' } },
  });
  const notAvail = await t.request('GET', `${V}/backups/${id}/export_record`, { token: admin });
  assert.equal(notAvail.status, 400);
  assert.deepEqual(notAvail.body, {
    badRequest: { code: 400, message: 'Invalid backup: Backup status must be available and not error.' },
  });
  const none = '00000000-0000-0000-0000-000000000009';
  assert.equal((await t.request('GET', `${V}/backups/${none}/export_record`, { token: admin })).status, 404);

  const imp = (rec: unknown, token = admin) =>
    t.request('POST', `${V}/backups/import_record`, { token, body: { 'backup-record': rec } });
  assert.equal((await imp({ backup_service: 'x', backup_url: 'e30=' }, demo)).status, 403);
  const noId = await imp({ backup_service: 'x', backup_url: Buffer.from('{}').toString('base64') });
  assert.equal(noId.status, 400);
  assert.deepEqual(noId.body, {
    badRequest: { code: 400, message: 'Invalid input received: Provided backup record is missing an id' },
  });
  const garbage = await imp({ backup_service: 'x', backup_url: 'not base64 json' });
  assert.equal(garbage.status, 400);
  const missing = await imp({ backup_service: 'x' });
  assert.equal(missing.status, 400);
  // a record for a backup service that does not serve here: the import ends in error
  const other = Buffer.from(JSON.stringify({ id: '11111111-2222-3333-4444-555555555555', size: 1 })).toString('base64');
  const r = await imp({ backup_service: 'cinder.backup.drivers.nfs.NFSBackupDriver', backup_url: other });
  assert.equal(r.status, 201, r.text);
  await status('backups', '11111111-2222-3333-4444-555555555555', 'error');
});
