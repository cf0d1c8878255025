/**
 * dvr and router-admin-state-down-before-update: `distributed` is set and seen by admins only
 * (Neutron's create_/update_/get_router:distributed), defaults to router_distributed, and changes
 * only while the router is down before and after the update; `ha` changes only while it is down
 * after. Bodies and messages as the real Neutron (Zed) answered.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';

let t: TestApp;
let admin: string;
let demo: string;
let demoId: string;
before(async () => {
  t = await startTestApp({});
  admin = await t.tokenFor('admin');
  demo = await t.tokenFor('demo');
  const projects = await t.rt.store.db.selectFrom('projects').select(['id', 'name']).execute();
  demoId = projects.find((p) => p.name === 'demo')?.id ?? '';
});
after(async () => {
  await t.close();
});

const N = '/network/v2.0';
const post = (body: unknown, token = admin) => t.request('POST', `${N}/routers`, { token, body });
const put = (id: string, body: unknown, token = admin) => t.request('PUT', `${N}/routers/${id}`, { token, body });
const show = (id: string, token = admin) => t.request('GET', `${N}/routers/${id}`, { token });
const stored = async (id: string) =>
  t.rt.store.db
    .selectFrom('routers')
    .select(['distributed', 'ha', 'admin_state_up'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
const MIGRATE =
  "Bad router request: Cannot change the 'distributed' attribute of active routers. Please set router admin_state_up to False prior to upgrade.";

test('admins create distributed and centralized routers; members may not, nor see the flag', async () => {
  const dvr = await post({ router: { name: 'dvr', distributed: true } });
  assert.equal(dvr.status, 201);
  assert.equal(dvr.body.router.distributed, true);
  assert.equal(dvr.body.router.ha, false);
  assert.equal(Number((await stored(dvr.body.router.id)).distributed), 1);
  const cvr = await post({ router: { name: 'cvr', distributed: false } });
  assert.equal(cvr.body.router.distributed, false);
  // the default is router_distributed (False)
  assert.equal((await post({ router: { name: 'plain' } })).body.router.distributed, false);

  for (const distributed of [true, false]) {
    const res = await post({ router: { name: 'member', distributed } }, demo);
    assert.equal(res.status, 403);
    assert.deepEqual(res.body.NeutronError, {
      type: 'PolicyNotAuthorized',
      message: '(rule:create_router and rule:create_router:distributed) is disallowed by policy',
      detail: '',
    });
  }
  const own = (await post({ router: { name: 'demo-owned', project_id: demoId } })).body.router;
  const seen = await show(own.id, demo);
  assert.equal(seen.status, 200);
  assert.ok(!('distributed' in seen.body.router) && !('ha' in seen.body.router));
  const upd = await put(own.id, { router: { distributed: true } }, demo);
  assert.equal(upd.status, 403);
  assert.equal(
    upd.body.NeutronError.message,
    '(rule:update_router and rule:update_router:distributed) is disallowed by policy',
  );
});

test('centralized to distributed and back only while the router is down', async () => {
  const r = (await post({ router: { name: 'migrate', project_id: demoId } })).body.router;
  const up = await put(r.id, { router: { distributed: true } });
  assert.equal(up.status, 400);
  assert.deepEqual(up.body.NeutronError, { type: 'BadRequest', message: MIGRATE, detail: '' });
  // down in the same request is too late: it must be down before
  const same = await put(r.id, { router: { distributed: true, admin_state_up: false } });
  assert.equal(same.status, 400);
  assert.equal(same.body.NeutronError.message, MIGRATE);
  assert.deepEqual(await stored(r.id), { distributed: 0, ha: 0, admin_state_up: 1 });
  // unchanged is no migration
  assert.equal((await put(r.id, { router: { distributed: false } })).status, 200);

  assert.equal((await put(r.id, { router: { admin_state_up: false } })).status, 200);
  const to = await put(r.id, { router: { distributed: true } });
  assert.equal(to.status, 200);
  assert.equal(to.body.router.distributed, true);
  assert.equal((await show(r.id)).body.router.distributed, true);
  // and back up in the same request is refused too
  const upAgain = await put(r.id, { router: { distributed: false, admin_state_up: true } });
  assert.equal(upAgain.status, 400);
  assert.equal((await put(r.id, { router: { distributed: false } })).body.router.distributed, false);
});

test('ha changes only with the router down after the update', async () => {
  const r = (await post({ router: { name: 'ha' } })).body.router;
  const up = await put(r.id, { router: { ha: true } });
  assert.equal(up.status, 400);
  assert.equal(
    up.body.NeutronError.message,
    'Bad router request: Cannot change HA attribute of active routers. Please set router admin_state_up to False prior to upgrade.',
  );
  const down = await put(r.id, { router: { ha: true, admin_state_up: false } });
  assert.equal(down.status, 200);
  assert.equal(down.body.router.ha, true);
});

test('a bad distributed value is a 400', async () => {
  // Neutron words it InvalidInput "Invalid input for operation: ..."; stackbox's shared boolean
  // converter words it per attribute (docs/compatibility.md)
  const res = await post({ router: { name: 'bad', distributed: 'maybe' } });
  assert.equal(res.status, 400);
});

test('routerDistributed makes a router created without the flag distributed', async () => {
  const dvrCloud = await startTestApp({ routerDistributed: true });
  try {
    const token = await dvrCloud.tokenFor('admin');
    const res = await dvrCloud.request('POST', `${N}/routers`, { token, body: { router: { name: 'default-dvr' } } });
    assert.equal(res.status, 201);
    assert.equal(res.body.router.distributed, true);
    const explicit = await dvrCloud.request('POST', `${N}/routers`, {
      token,
      body: { router: { name: 'cvr', distributed: false } },
    });
    assert.equal(explicit.body.router.distributed, false);
  } finally {
    await dvrCloud.close();
  }
});
