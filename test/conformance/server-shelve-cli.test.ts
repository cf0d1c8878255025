/**
 * Issue 15's shelve, rescue and password actions through the real openstack CLI: shelve --wait
 * ends SHELVED_OFFLOADED off its host with its image, unshelve --wait brings it back and deletes
 * the image, rescue/unrescue, set --password / --no-password, and the event list names them all.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer,
  runOpenstack,
  describeRun,
  openstackInstalled,
  type ServerHandle,
  type CliResult,
} from './helpers/server.js';

const notInstalled = openstackInstalled()
  ? false
  : '/usr/bin/openstack is not installed (apt-get install python3-openstackclient)';

let s: ServerHandle;
const run = (args: string[], cloud = 'stackbox', opts: { json?: boolean; timeoutMs?: number } = {}) =>
  runOpenstack(args, { cloud, cloudsFile: s.cloudsFile, home: s.dir, ...opts });
async function ok(
  args: string[],
  cloud = 'stackbox',
  opts: { json?: boolean; timeoutMs?: number } = {},
): Promise<CliResult> {
  const r = await run(args, cloud, opts);
  assert.equal(r.code, 0, describeRun(args, r));
  return r;
}

/** polls `server show` until the status (the CLI's rescue/unrescue/set --password do not wait) */
async function waitStatus(id: string, status: string): Promise<Record<string, unknown>> {
  for (let i = 0; i < 60; i++) {
    const r = await ok(['server', 'show', id]);
    if (r.json.status === status && r.json['OS-EXT-STS:task_state'] == null) return r.json;
    await new Promise((res) => setTimeout(res, 500));
  }
  throw new Error(`${id} did not reach ${status}`);
}

describe('server shelve, rescue and password with the openstack CLI', { skip: notInstalled, timeout: 600_000 }, () => {
  before(async () => {
    s = await startServer();
  });
  after(async () => {
    await s?.stop();
  });

  test('shelve --wait / unshelve --wait, rescue / unrescue, set --password / --no-password', async () => {
    const created = await ok(
      ['server', 'create', '--flavor', 'm1.tiny', '--image', 'cirros-0.6.2', '--network', 'private', '--wait', 'shf'],
      'stackbox',
      { timeoutMs: 90_000 },
    );
    const id = created.json.id as string;
    // shelved_offload_time 0: the server ends SHELVED_OFFLOADED, off its host, with its image
    await ok(['server', 'shelve', '--wait', id], 'stackbox', { json: false, timeoutMs: 90_000 });
    const shelved = (await ok(['server', 'show', id], 'stackbox-admin')).json;
    assert.equal(shelved.status, 'SHELVED_OFFLOADED');
    assert.equal(shelved['OS-EXT-SRV-ATTR:host'], null);
    const imgs = (await ok(['image', 'list', '--name', 'shf-shelved'])).json;
    assert.equal(imgs.length, 1, JSON.stringify(imgs));
    await ok(['server', 'unshelve', '--wait', id], 'stackbox', { json: false, timeoutMs: 90_000 });
    const back = (await ok(['server', 'show', id], 'stackbox-admin')).json;
    assert.equal(back.status, 'ACTIVE');
    assert.ok(back['OS-EXT-SRV-ATTR:host']);
    assert.equal((await ok(['image', 'list', '--name', 'shf-shelved'])).json.length, 0);

    await ok(['server', 'rescue', '--password', 'Rescue123', id], 'stackbox', { json: false });
    const rescued = await waitStatus(id, 'RESCUE');
    assert.equal(rescued.status, 'RESCUE');
    const again = await run(['server', 'rescue', id], 'stackbox', { json: false });
    assert.notEqual(again.code, 0, describeRun(['server', 'rescue'], again));
    assert.match(again.stderr + again.stdout, /while it is in vm_state rescued \(HTTP 409\)/);
    await ok(['server', 'unrescue', id], 'stackbox', { json: false });
    await waitStatus(id, 'ACTIVE');

    await ok(['server', 'set', '--password', 'Newpass1234', id], 'stackbox', { json: false });
    await waitStatus(id, 'ACTIVE');
    await ok(['server', 'set', '--no-password', id], 'stackbox', { json: false });
    const actions = (await ok(['server', 'event', 'list', id])).json.map((e: { Action: string }) => e.Action);
    for (const a of ['shelve', 'unshelve', 'rescue', 'unrescue', 'changePassword'])
      assert.ok(actions.includes(a), `${a} in ${actions.join(',')}`);
    await ok(['server', 'delete', '--wait', id], 'stackbox', { json: false, timeoutMs: 90_000 });
  });
});
