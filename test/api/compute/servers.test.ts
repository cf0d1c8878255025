import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sampleKeys } from '../../helpers/nova-samples.js';
import { startTestApp, waitFor, type TestApp } from '../../helpers/app.js';
import { IMAGE } from './server-fixtures.js';

let t: TestApp;
let admin: string;
let demo: string;
before(async () => {
  t = await startTestApp();
  admin = await t.tokenFor('admin');
  demo = await t.tokenFor('demo');
});
after(async () => {
  await t.close();
});

const S = '/compute/v2.1/servers';

async function waitStatus(id: string, status: string) {
  return waitFor(async () => {
    const r = await t.request('GET', `${S}/${id}`, { token: demo });
    return r.status === 200 && r.body.server.status === status && r.body.server['OS-EXT-STS:task_state'] === null
      ? r.body.server
      : null;
  }, `${id} ${status}`);
}

test('create answers 202 with Location and the sample fields, then the server goes ACTIVE', async () => {
  const r = await t.request('POST', S, {
    token: demo,
    mv: '2.37',
    body: {
      server: {
        name: 'web-1',
        imageRef: IMAGE,
        flavorRef: '1',
        networks: 'auto',
        adminPass: 'S3cret',
        accessIPv6: '0:0:0:0:0:babe:dc0c:1602',
        metadata: { a: 'b' },
      },
    },
  });
  assert.equal(r.status, 202, r.text);
  assert.deepEqual(Object.keys(r.body.server).sort(), sampleKeys('servers', 'server-create-resp.json'));
  assert.equal(r.body.server.adminPass, 'S3cret');
  assert.deepEqual(r.body.server.security_groups, [{ name: 'default' }]);
  assert.match(String(r.headers.location), new RegExp(`/servers/${r.body.server.id}$`));
  const s = await waitStatus(r.body.server.id, 'ACTIVE');
  assert.equal(s.accessIPv6, '::babe:dc0c:1602');
  assert.deepEqual(s.metadata, { a: 'b' });
  assert.deepEqual(s.security_groups, [{ name: 'default' }]);
});

test('create drops nameless security groups and duplicates, as servers.py does', async () => {
  const groups = [{}, { name: 'default' }, { name: 'default' }];
  const r = await t.request('POST', S, {
    token: demo,
    mv: '2.37',
    body: { server: { name: 'sg-1', imageRef: IMAGE, flavorRef: '1', networks: 'none', security_groups: groups } },
  });
  assert.equal(r.status, 202, r.text);
  assert.deepEqual(r.body.server.security_groups, [{ name: 'default' }]);
  const s = await waitStatus(r.body.server.id, 'ACTIVE');
  const row = await t.rt.store.db
    .selectFrom('instances')
    .select('security_groups')
    .where('uuid', '=', s.id)
    .executeTakeFirstOrThrow();
  assert.deepEqual(JSON.parse(row.security_groups), ['default']);
});

test('create validation: blank name, unknown field, missing networks from 2.37, long metadata → 400', async () => {
  const base = { imageRef: IMAGE, flavorRef: '1', networks: 'none' };
  for (const server of [
    { ...base, name: '' },
    { ...base, name: ' x' },
    { ...base, name: 'x', bogus: 1 },
    { ...base, name: 'x', metadata: { k: 'v'.repeat(256) } },
    { ...base, name: 'x', accessIPv4: '1.2.3' },
  ]) {
    const r = await t.request('POST', S, { token: demo, mv: '2.37', body: { server } });
    assert.equal(r.status, 400, JSON.stringify(server));
  }
  const noNet = await t.request('POST', S, {
    token: demo,
    mv: '2.37',
    body: { server: { name: 'x', imageRef: IMAGE, flavorRef: '1' } },
  });
  assert.equal(noNet.status, 400);
});

test('return_reservation_id answers {reservation_id}; min_count creates N servers', async () => {
  const r = await t.request('POST', S, {
    token: demo,
    mv: '2.37',
    body: {
      server: {
        name: 'multi',
        imageRef: IMAGE,
        flavorRef: '1',
        networks: 'none',
        min_count: 2,
        return_reservation_id: true,
      },
    },
  });
  assert.equal(r.status, 202, r.text);
  assert.match(r.body.reservation_id, /^r-/);
  const l = await t.request('GET', `${S}?reservation_id=${r.body.reservation_id}`, { token: demo });
  assert.equal(l.body.servers.length, 2);
});

test('update renames with the basic view; delete 204 then 404; lifecycle actions', async () => {
  const c = await t.request('POST', S, {
    token: demo,
    mv: '2.37',
    body: { server: { name: 'life', imageRef: IMAGE, flavorRef: '1', networks: 'none' } },
  });
  const id = c.body.server.id;
  await waitStatus(id, 'ACTIVE');
  const u = await t.request('PUT', `${S}/${id}`, {
    token: demo,
    mv: '2.19',
    body: { server: { name: 'life-2', description: 'd' } },
  });
  assert.equal(u.status, 200, u.text);
  assert.equal(u.body.server.name, 'life-2');
  assert.equal(u.body.server.description, 'd');
  assert.equal('OS-EXT-STS:vm_state' in u.body.server, false);
  assert.equal('key_name' in u.body.server, false);
  const act = (body: unknown, o: { token?: string; mv?: string } = {}) =>
    t.request('POST', `${S}/${id}/action`, { token: o.token ?? demo, mv: o.mv, body });
  assert.equal((await act({ 'os-stop': null })).status, 202);
  await waitStatus(id, 'SHUTOFF');
  assert.equal((await act({ 'os-start': null })).status, 202);
  await waitStatus(id, 'ACTIVE');
  assert.equal((await act({ reboot: { type: 'hard' } })).status, 202);
  await waitStatus(id, 'ACTIVE');
  assert.equal((await act({ reboot: { type: 'sideways' } })).status, 400);
  assert.equal((await act({ lock: { locked_reason: 'maint' } }, { mv: '2.73' })).status, 202);
  const locked = await t.request('GET', `${S}/${id}`, { token: demo, mv: '2.73' });
  assert.equal(locked.body.server.locked, true);
  assert.equal(locked.body.server.locked_reason, 'maint');
  assert.equal((await act({ 'os-stop': null })).status, 409);
  assert.equal((await act({ unlock: null })).status, 202);
  const acts = await t.request('GET', `${S}/${id}/os-instance-actions`, { token: demo });
  assert.ok(acts.body.instanceActions.some((a: { action: string }) => a.action === 'reboot'));
  assert.equal((await t.request('DELETE', `${S}/${id}`, { token: demo })).status, 204);
  await waitFor(async () => (await t.request('GET', `${S}/${id}`, { token: demo })).status === 404, 'deleted');
  void admin;
});
