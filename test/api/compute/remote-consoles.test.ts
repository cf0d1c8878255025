/**
 * Remote consoles as the real Nova (Zed, devstack-like: noVNC on, the others off) answers them:
 * the deprecated get*Console actions up to 2.5, POST /servers/{id}/remote-consoles from 2.6 (mks
 * from 2.8), the admin token lookup (2.31 for non-RDP tokens), and the page the URL opens.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { insertServer, projectId } from './server-fixtures.js';
import { startAction } from '../../../src/store/repositories/instance-action-repository.js';

let t: TestApp;
let demo: string;
let admin: string;
let alt: string;
let demoProject: string;
let now = Date.parse('2026-01-01T00:00:00Z');
before(async () => {
  t = await startTestApp({
    seedUsers: [{ name: 'alt', password: 'secret', project: 'alt', roles: ['member', 'reader'] }],
  });
  demo = await t.tokenFor('demo');
  admin = await t.tokenFor('admin');
  alt = await t.tokenFor('alt');
  demoProject = await projectId(t, 'demo');
});
after(async () => {
  await t.close();
});

const act = (id: string, body: unknown, mv = '2.1', token = demo) =>
  t.request('POST', `/compute/v2.1/servers/${id}/action`, { token, mv, body });
const create = (id: string, body: unknown, mv = '2.6', token = demo) =>
  t.request('POST', `/compute/v2.1/servers/${id}/remote-consoles`, { token, mv, body });
const tokenOf = (url: string): string => {
  const u = new URL(url);
  return new URLSearchParams((u.searchParams.get('path') ?? '').replace(/^\?/, '')).get('token') ?? '';
};
const pagePath = (url: string): string => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};

test('os-getVNCConsole (2.1–2.5): a noVNC URL whose page shows the console log; 404 from 2.6', async () => {
  const srv = await insertServer(t, demoProject);
  // the console log is built from the server's actions: a booted server has its create
  await startAction(
    t.rt.store.db,
    { instanceUuid: srv.uuid, requestId: 'req-boot', action: 'create', projectId: demoProject, userId: 'u-1' },
    new Date().toISOString(),
  );
  const r = await act(srv.uuid, { 'os-getVNCConsole': { type: 'novnc' } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.console.type, 'novnc');
  const url = r.body.console.url as string;
  assert.match(url, /\/compute\/_stackbox\/console\/vnc_auto\.html\?path=%3Ftoken%3D[0-9a-f-]{36}$/);
  const page = await t.request('GET', pagePath(url));
  assert.equal(page.status, 200);
  assert.match(String(page.headers['content-type']), /text\/html/);
  assert.match(page.text, new RegExp(srv.uuid));
  assert.match(page.text, /login: /);
  const late = await act(srv.uuid, { 'os-getVNCConsole': { type: 'novnc' } }, '2.6');
  assert.equal(late.status, 404);
  assert.equal(late.body.itemNotFound.message, 'The resource could not be found.');
  const bad = await act(srv.uuid, { 'os-getVNCConsole': { type: 'nope' } });
  assert.equal(bad.status, 400);
  assert.match(bad.body.badRequest.message, /Invalid input for field\/attribute type/);
  const xvp = await act(srv.uuid, { 'os-getVNCConsole': { type: 'xvpvnc' } });
  assert.equal(xvp.status, 400);
  assert.equal(xvp.body.badRequest.message, 'Invalid console type xvpvnc');
});

test('the consoles a devstack-like cloud has off: 400 Unavailable console type', async () => {
  const srv = await insertServer(t, demoProject);
  const cases: Array<[string, string]> = [
    ['os-getSPICEConsole', 'spice-html5'],
    ['os-getSerialConsole', 'serial'],
    ['os-getRDPConsole', 'rdp-html5'],
  ];
  for (const [action, type] of cases) {
    const r = await act(srv.uuid, { [action]: { type } });
    assert.equal(r.status, 400, `${action} ${r.text}`);
    assert.equal(r.body.badRequest.message, `Unavailable console type ${type}.`);
  }
  for (const [protocol, type] of [
    ['spice', 'spice-html5'],
    ['serial', 'serial'],
    ['rdp', 'rdp-html5'],
    ['mks', 'webmks'],
  ]) {
    const r = await create(srv.uuid, { remote_console: { protocol, type } }, '2.8');
    assert.equal(r.status, 400, r.text);
    assert.equal(r.body.badRequest.message, `Unavailable console type ${type}.`);
  }
});

test('POST remote-consoles: 2.6 vnc, mks only from 2.8, 404 below 2.6, type mismatch, 404/409', async () => {
  const srv = await insertServer(t, demoProject);
  const r = await create(srv.uuid, { remote_console: { protocol: 'vnc', type: 'novnc' } });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(Object.keys(r.body.remote_console).sort(), ['protocol', 'type', 'url']);
  assert.equal(r.body.remote_console.protocol, 'vnc');
  assert.equal(r.body.remote_console.type, 'novnc');
  const mks = await create(srv.uuid, { remote_console: { protocol: 'mks', type: 'webmks' } }, '2.6');
  assert.equal(mks.status, 400);
  assert.equal(
    mks.body.badRequest.message,
    "Invalid input for field/attribute protocol. Value: mks. 'mks' is not one of ['vnc', 'spice', 'rdp', 'serial']",
  );
  const old = await create(srv.uuid, { remote_console: { protocol: 'vnc', type: 'novnc' } }, '2.5');
  assert.equal(old.status, 404);
  const mismatch = await create(srv.uuid, { remote_console: { protocol: 'vnc', type: 'serial' } });
  assert.equal(mismatch.status, 400);
  assert.equal(mismatch.body.badRequest.message, 'Invalid console type serial');
  const other = await create(srv.uuid, { remote_console: { protocol: 'vnc', type: 'novnc' } }, '2.6', alt);
  assert.equal(other.status, 404);
  const hostless = await insertServer(t, demoProject, { host: null, node: null, vm_state: 'building' });
  const h = await create(hostless.uuid, { remote_console: { protocol: 'vnc', type: 'novnc' } });
  assert.equal(h.status, 409);
  assert.equal(h.body.conflictingRequest.message, `Instance ${hostless.uuid} is not ready`);
  const migrating = await insertServer(t, demoProject, { task_state: 'migrating' });
  const m = await act(migrating.uuid, { 'os-getVNCConsole': { type: 'novnc' } });
  assert.equal(m.status, 409);
  assert.equal(
    m.body.conflictingRequest.message,
    `Cannot 'get_vnc_console' instance ${migrating.uuid} while it is in task_state migrating`,
  );
  // any other state has a console (a stopped server's too)
  const stopped = await insertServer(t, demoProject, { vm_state: 'stopped', power_state: 4 });
  assert.equal((await create(stopped.uuid, { remote_console: { protocol: 'vnc', type: 'novnc' } })).status, 200);
});

test('os-console-auth-tokens: admin only, 2.31 for non-RDP tokens, 404 unknown, expired or deleted', async () => {
  const srv = await insertServer(t, demoProject);
  const r = await create(srv.uuid, { remote_console: { protocol: 'vnc', type: 'novnc' } });
  const token = tokenOf(r.body.remote_console.url as string);
  const show = (tok: string, mv = '2.31', as = admin) =>
    t.request('GET', `/compute/v2.1/os-console-auth-tokens/${tok}`, { token: as, mv });
  const ok = await show(token);
  assert.equal(ok.status, 200, ok.text);
  assert.deepEqual(ok.body, {
    console: { instance_uuid: srv.uuid, host: srv.host, port: 5900, internal_access_path: null },
  });
  const old = await show(token, '2.30');
  assert.equal(old.status, 401);
  assert.equal(old.body.unauthorized.message, 'The requested console type details are not accessible');
  const member = await show(token, '2.31', demo);
  assert.equal(member.status, 403);
  assert.equal(
    member.body.forbidden.message,
    "Policy doesn't allow os_compute_api:os-console-auth-tokens to be performed.",
  );
  const unknown = await show('nope');
  assert.equal(unknown.status, 404);
  assert.equal(unknown.body.itemNotFound.message, 'Token not found');
  // a deleted server's token is gone, and so is its page
  await t.rt.store.db.updateTable('instances').set({ deleted: 1 }).where('uuid', '=', srv.uuid).execute();
  assert.equal((await show(token)).status, 404);
  const page = await t.request('GET', pagePath(r.body.remote_console.url as string));
  assert.equal(page.status, 404);
});

test('a token expires after [consoleauth] token_ttl', async () => {
  const realClock = t.rt.clock;
  t.rt.clock = () => new Date(now);
  try {
    const srv = await insertServer(t, demoProject);
    const r = await create(srv.uuid, { remote_console: { protocol: 'vnc', type: 'novnc' } });
    const url = r.body.remote_console.url as string;
    now += (t.rt.config.compute.consoleTokenTtl - 1) * 1000;
    assert.equal((await t.request('GET', pagePath(url))).status, 200);
    now += 2000;
    assert.equal((await t.request('GET', pagePath(url))).status, 404);
    const shown = await t.request('GET', `/compute/v2.1/os-console-auth-tokens/${tokenOf(url)}`, {
      token: admin,
      mv: '2.31',
    });
    assert.equal(shown.status, 404);
  } finally {
    t.rt.clock = realClock;
  }
});
