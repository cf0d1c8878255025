/**
 * Server groups through the openstack CLI (issue 15 item 2): an anti-affinity group, servers
 * booted with --hint group=<id> land on distinct simulated hosts, the one too many ends in ERROR
 * with NoValidHost, `server group show` lists the members, `server group delete` removes it.
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
const obj = (r: CliResult) => r.json as Record<string, unknown>;

describe('server groups with the openstack CLI', { skip: notInstalled, timeout: 300_000 }, () => {
  before(async () => {
    s = await startServer({ args: ['--hosts', '2'] });
  });
  after(async () => {
    await s?.stop();
  });

  test('server group create --policy anti-affinity; two servers with --hint group on two hosts; show; delete', async () => {
    const g = obj(await ok(['server', 'group', 'create', '--policy', 'anti-affinity', 'g']));
    const gid = g.id as string;
    assert.match(gid, /^[0-9a-f-]{36}$/);
    const boot = (name: string, wait: boolean) =>
      [
        'server',
        'create',
        '--flavor',
        'm1.tiny',
        '--image',
        'cirros-0.6.2',
        '--network',
        'private',
        '--hint',
        `group=${gid}`,
        ...(wait ? ['--wait'] : []),
        name,
      ] as string[];
    const ids: string[] = [];
    for (const name of ['sg1', 'sg2']) ids.push(obj(await ok(boot(name, true))).id as string);
    const hosts = [];
    for (const id of ids) {
      const shown = obj(await ok(['server', 'show', id], 'stackbox-admin'));
      assert.equal(shown.status, 'ACTIVE');
      hosts.push(shown['OS-EXT-SRV-ATTR:host']);
    }
    assert.equal(new Set(hosts).size, 2, JSON.stringify(hosts));

    // a third member has no host left: NoValidHost
    const third = obj(await ok(boot('sg3', false))).id as string;
    let status = '';
    let fault = '';
    for (let i = 0; i < 100 && status !== 'ERROR'; i++) {
      const shown = obj(await ok(['server', 'show', third]));
      status = shown.status as string;
      fault = JSON.stringify(shown.fault ?? '');
      if (status !== 'ERROR') await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(status, 'ERROR');
    assert.match(fault, /No valid host was found/);

    const shownGroup = await ok(['server', 'group', 'show', 'g']);
    for (const id of [...ids, third]) assert.ok(shownGroup.stdout.includes(id), shownGroup.stdout);
    assert.match(JSON.stringify(obj(shownGroup).policy ?? obj(shownGroup).policies), /anti-affinity/);

    for (const id of [...ids, third]) await ok(['server', 'delete', '--wait', id], 'stackbox', { json: false });
    await ok(['server', 'group', 'delete', 'g'], 'stackbox', { json: false });
    const list = await ok(['server', 'group', 'list']);
    assert.deepEqual(list.json, []);
  });
});
