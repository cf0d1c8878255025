/**
 * Glance's property protections (image.propertyProtections, the `roles` rule format): who may
 * create, read, update and delete a custom property, first matching rule wins, unmatched names
 * refused, unreadable properties hidden from bodies and kept by PATCH.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { compileProtections, propertyAllowed } from '../../../src/domain/image/property-protections.js';

const PATCH21 = 'application/openstack-images-v2.1-json-patch';

let t: TestApp;
let admin: string;
let demo: string;

before(async () => {
  t = await startTestApp(
    {
      image: {
        propertyProtections: [
          // admins only, and invisible to others
          { property: '^x_admin_', create: ['admin'], read: ['admin'], update: ['admin'], delete: ['admin'] },
          // anyone reads, only admins change
          { property: '^x_ro_', create: ['admin'], read: ['@'], update: ['admin'], delete: ['admin'] },
          // no one deletes
          { property: '^x_keep$', create: ['@'], read: ['@'], update: ['@'], delete: ['!'] },
          { property: '^x_', create: ['member'], read: ['member'], update: ['member'], delete: ['member'] },
        ],
      },
    },
    { agent: false },
  );
  admin = await t.tokenFor('admin');
  demo = await t.tokenFor('demo');
});
after(async () => {
  await t.close();
});

const create = (token: string, body: Record<string, unknown>) =>
  t.request('POST', '/image/v2/images', {
    token,
    body: { name: 'pp', disk_format: 'raw', container_format: 'bare', visibility: 'public', ...body },
  });
const patch = (id: string, token: string, ops: unknown) =>
  t.request('PATCH', `/image/v2/images/${id}`, {
    token,
    payload: JSON.stringify(ops),
    headers: { 'content-type': PATCH21, accept: 'application/json' },
  });
const stored = async (id: string) =>
  JSON.parse(
    (await t.rt.store.db.selectFrom('images').select('properties').where('id', '=', id).executeTakeFirstOrThrow())
      .properties,
  ) as Record<string, unknown>;

test('the first rule whose expression is found decides; a name no rule matches is refused; @ and !', () => {
  const rules = compileProtections([
    { property: '^a', create: ['admin'], read: ['@'], update: ['!'], delete: [] },
    { property: '.*', create: ['@'], read: ['@'], update: ['@'], delete: ['@'] },
  ]);
  assert.equal(propertyAllowed(rules, 'abc', 'create', ['member']), false);
  assert.equal(propertyAllowed(rules, 'abc', 'create', ['Admin'.toLowerCase()]), true);
  assert.equal(propertyAllowed(rules, 'abc', 'read', []), true);
  assert.equal(propertyAllowed(rules, 'abc', 'update', ['admin']), false);
  assert.equal(propertyAllowed(rules, 'abc', 'delete', ['admin']), false, 'an empty list allows no one');
  assert.equal(propertyAllowed(rules, 'zzz', 'delete', []), true);
  const noCatchAll = compileProtections([{ property: '^a', create: ['@'], read: ['@'], update: ['@'], delete: ['@'] }]);
  assert.equal(propertyAllowed(noCatchAll, 'b', 'read', ['admin']), false);
  assert.equal(propertyAllowed(compileProtections([]), 'b', 'delete', []), true, 'no rules: no protections');
  assert.throws(
    () => compileProtections([{ property: '(', create: [], read: [], update: [], delete: [] }]),
    /malformed/,
  );
  assert.throws(
    () => compileProtections([{ property: 'a', create: ['@', '!'], read: [], update: [], delete: [] }]),
    /mutually exclusive/,
  );
});

test('create: a member may not set an admin-only property (403 reserved, nothing stored); admins may', async () => {
  const before = (await t.rt.store.db.selectFrom('images').select('id').execute()).length;
  const res = await create(demo, { visibility: 'private', x_admin_secret: 's' });
  assert.equal(res.status, 403, res.text);
  assert.match(res.text, /Attribute 'x_admin_secret' is reserved\./);
  assert.equal((await t.rt.store.db.selectFrom('images').select('id').execute()).length, before);
  const ok = await create(admin, { x_admin_secret: 's', x_ro_flavor: 'gold', x_keep: 'k', x_note: 'n' });
  assert.equal(ok.status, 201, ok.text);
  assert.equal(ok.body.x_admin_secret, 's');
});

test('read: properties a caller may not read are left out of show and list, and stay stored', async () => {
  const id = (await create(admin, { x_admin_secret: 's', x_ro_flavor: 'gold', x_note: 'n' })).body.id as string;
  const shown = await t.request('GET', `/image/v2/images/${id}`, { token: demo });
  assert.equal(shown.status, 200);
  assert.equal(shown.body.x_admin_secret, undefined);
  assert.equal(shown.body.x_ro_flavor, 'gold');
  assert.equal(shown.body.x_note, 'n');
  const listed = await t.request('GET', '/image/v2/images?limit=100', { token: demo });
  const mine = listed.body.images.find((i: { id: string }) => i.id === id);
  assert.equal(mine.x_admin_secret, undefined);
  assert.equal((await t.request('GET', `/image/v2/images/${id}`, { token: admin })).body.x_admin_secret, 's');
  assert.equal((await stored(id)).x_admin_secret, 's');
});

test('update and delete follow their own roles; an unreadable property is not there to a patch and is kept', async () => {
  const id = (await create(demo, { visibility: 'private', x_note: 'n', x_keep: 'k' })).body.id as string;
  await patch(id, admin, [{ op: 'add', path: '/x_admin_secret', value: 's' }]);
  // a read-only property: the member may not create it
  const ro = await patch(id, demo, [{ op: 'add', path: '/x_ro_flavor', value: 'gold' }]);
  assert.equal(ro.status, 403, ro.text);
  assert.match(ro.text, /Attribute 'x_ro_flavor' is reserved\./);
  // x_keep may be updated by anyone but deleted by no one
  assert.equal((await patch(id, demo, [{ op: 'replace', path: '/x_keep', value: 'k2' }])).status, 200);
  const del = await patch(id, demo, [{ op: 'remove', path: '/x_keep' }]);
  assert.equal(del.status, 403, del.text);
  // the member cannot see x_admin_secret: removing it is Glance's 409 for a missing property
  const hidden = await patch(id, demo, [{ op: 'remove', path: '/x_admin_secret' }]);
  assert.equal(hidden.status, 409, hidden.text);
  // the member's own change keeps the admin's hidden property, all or nothing with the refused one
  const mixed = await patch(id, demo, [
    { op: 'replace', path: '/x_note', value: 'changed' },
    { op: 'remove', path: '/x_keep' },
  ]);
  assert.equal(mixed.status, 403);
  assert.equal((await stored(id)).x_note, 'n', 'nothing written when one change is refused');
  const ok = await patch(id, demo, [{ op: 'replace', path: '/x_note', value: 'changed' }]);
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.body.x_admin_secret, undefined);
  assert.deepEqual(await stored(id), { x_note: 'changed', x_keep: 'k2', x_admin_secret: 's' });
  // a name no rule matches is refused to everyone, admins included
  const unmatched = await patch(id, admin, [{ op: 'add', path: '/other', value: '1' }]);
  assert.equal(unmatched.status, 403, unmatched.text);
});

test('a malformed rule stops the start', async () => {
  await assert.rejects(
    startTestApp(
      { image: { propertyProtections: [{ property: '(', create: [], read: [], update: [], delete: [] }] } },
      { agent: false },
    ),
    /malformed rule/,
  );
});
