/**
 * Issue 15's console, backup, diagnostics and crash-dump actions through the real openstack CLI:
 * `console url show` gives a noVNC URL this server serves (a page with the console log), other
 * console types are refused as devstack refuses them, `server backup create --rotate 1` keeps one
 * backup image of the server, `server show --diagnostics` (admin) reads the guest's figures.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, describeRun, openstackInstalled, cloudCli, type ServerHandle } from './helpers/server.js';

const notInstalled = openstackInstalled()
  ? false
  : '/usr/bin/openstack is not installed (apt-get install python3-openstackclient)';

let s: ServerHandle;
const { run, ok } = cloudCli(() => s);

describe(
  'server consoles, backups and diagnostics with the openstack CLI',
  { skip: notInstalled, timeout: 600_000 },
  () => {
    let id = '';
    before(async () => {
      s = await startServer();
      const created = await ok(
        ['server', 'create', '--flavor', 'm1.tiny', '--image', 'cirros-0.6.2', '--network', 'private', '--wait', 'cb'],
        'stackbox',
        { timeoutMs: 90_000 },
      );
      id = created.json.id as string;
    });
    after(async () => {
      await s?.stop();
    });

    test('console url show → a noVNC URL on this server whose page shows the console log', async () => {
      const r = await ok(['console', 'url', 'show', id]);
      assert.equal(r.json.type, 'novnc', r.stdout);
      const url = String(r.json.url);
      assert.ok(url.startsWith(s.url), url);
      const page = await fetch(url);
      assert.equal(page.status, 200);
      assert.match(page.headers.get('content-type') ?? '', /text\/html/);
      const log = await ok(['console', 'log', 'show', id], 'stackbox', { json: false });
      const firstLine = log.stdout.split('\n').find((l) => l.trim() !== '') ?? '';
      assert.ok(firstLine !== '', 'the console log has content');
      assert.ok((await page.text()).includes(firstLine.replace(/&/g, '&amp;').replace(/</g, '&lt;')));
      // devstack enables noVNC only: a SPICE console is Nova's 400
      const spice = await run(['console', 'url', 'show', '--spice', id]);
      assert.notEqual(spice.code, 0, describeRun(['console', 'url', 'show', '--spice'], spice));
      assert.match(spice.stderr, /400: Client Error .*Unavailable console type spice-html5\./);
    });

    test('server backup create --rotate 1 twice → one backup image of the server remains', async () => {
      for (const name of ['cb-bk1', 'cb-bk2']) {
        await ok(
          ['server', 'backup', 'create', '--name', name, '--type', 'daily', '--rotate', '1', '--wait', id],
          'stackbox',
          {
            timeoutMs: 90_000,
          },
        );
      }
      // the rotation runs after the second upload: poll until the first backup is gone
      let names: string[] = [];
      for (let i = 0; i < 30; i++) {
        const list = await ok(['image', 'list', '--property', 'image_type=backup']);
        names = (list.json as Array<{ Name: string }>).map((x) => x.Name).sort();
        if (names.length === 1) break;
        await new Promise((res) => setTimeout(res, 300));
      }
      assert.deepEqual(names, ['cb-bk2']);
      const img = await ok(['image', 'show', 'cb-bk2']);
      assert.equal(img.json.status, 'active');
      const props = img.json.properties as Record<string, unknown>;
      assert.equal(props.backup_type, 'daily');
      assert.equal(props.instance_uuid, id);
      const actions = (await ok(['server', 'event', 'list', id])).json.map((e: { Action: string }) => e.Action);
      assert.ok(actions.includes('createBackup'), actions.join(','));
    });

    test('server show --diagnostics (admin) reads the guest; a member is refused', async () => {
      const d = await ok(['server', 'show', '--diagnostics', id], 'stackbox-admin');
      assert.ok(
        Object.keys(d.json).some((k) => k.startsWith('cpu0')),
        d.stdout,
      );
      assert.ok('memory' in d.json, d.stdout);
      const member = await run(['server', 'show', '--diagnostics', id]);
      assert.notEqual(member.code, 0);
      assert.match(member.stderr, /os_compute_api:os-server-diagnostics.*\(HTTP 403\)/);
    });

    test('server dump create (2.17) records a trigger_crash_dump action', async () => {
      await ok(['--os-compute-api-version', '2.17', 'server', 'dump', 'create', id], 'stackbox', { json: false });
      const actions = (await ok(['server', 'event', 'list', id])).json.map((e: { Action: string }) => e.Action);
      assert.ok(actions.includes('trigger_crash_dump'), actions.join(','));
      await ok(['server', 'delete', '--wait', id], 'stackbox', { json: false, timeoutMs: 90_000 });
    });
  },
);
