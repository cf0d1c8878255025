/**
 * Crash safety of live migration: `stackbox serve` is killed with SIGKILL while two live
 * migrations copy memory (slow simulated hypervisor); started again on the same SQLite file, each
 * recovered operation either completes (the server ACTIVE on the destination) or fails back (ACTIVE
 * on the source, the migration in error), and no server is left MIGRATING.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_IMAGES } from '../../src/store/seed.js';
import { first } from '../helpers/elements.js';
import { call, killHard, serve, token, until, type Served } from '../helpers/served.js';

const IMAGE = first(DEFAULT_IMAGES, 'DEFAULT_IMAGES').id;
/** a request at microversion 2.80 (live-migration fields and the migrations sub-resource) */
const api = (url: string, tok: string, method: string, path: string, body?: unknown) =>
  call(url, tok, method, path, body, { 'x-openstack-nova-api-version': '2.80' });

test(
  'SIGKILL during live migrations: after restart every server is ACTIVE where its migration says',
  { timeout: 240_000 },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stackbox-lmkill-'));
    const slow = {
      STACKBOX_FAKE__SPAWN_MS: '20',
      STACKBOX_FAKE__LIVE_MIGRATION_MS: '6000',
      STACKBOX_COMPUTE__OPERATION_LEASE_MS: '2000',
    };
    let served: Served | null = null;
    try {
      served = await serve(dir, slow);
      const url = served.url;
      const tok = await token(url, 'admin');
      const servers: string[] = [];
      for (let i = 0; i < 2; i++) {
        const r = await api(url, tok, 'POST', '/compute/v2.1/servers', {
          server: { name: `lk-${i}`, imageRef: IMAGE, flavorRef: '1', networks: 'auto' },
        });
        assert.equal(r.status, 202, JSON.stringify(r.body));
        servers.push(r.body.server.id);
      }
      const show = async (u: string, t: string, id: string) =>
        (await api(u, t, 'GET', `/compute/v2.1/servers/${id}`)).body.server;
      for (const id of servers)
        await until(`server ${id} ACTIVE`, async () => {
          const s = await show(url, tok, id);
          return s.status === 'ACTIVE' && s['OS-EXT-STS:task_state'] === null;
        });
      const source = new Map<string, string>();
      for (const id of servers) {
        source.set(id, (await show(url, tok, id))['OS-EXT-SRV-ATTR:host']);
        const r = await api(url, tok, 'POST', `/compute/v2.1/servers/${id}/action`, {
          'os-migrateLive': { host: null, block_migration: 'auto' },
        });
        assert.equal(r.status, 202, JSON.stringify(r.body));
      }
      for (const id of servers)
        await until(`live migration of ${id} running`, async () => {
          const l = await api(url, tok, 'GET', `/compute/v2.1/servers/${id}/migrations`);
          return l.body.migrations[0]?.status === 'running';
        });
      assert.equal((await show(url, tok, servers[0]!)).status, 'MIGRATING');
      await killHard(served);

      served = await serve(dir, { ...slow, STACKBOX_FAKE__LIVE_MIGRATION_MS: '50' });
      const url2 = served.url;
      const tok2 = await token(url2, 'admin');
      for (const id of servers)
        await until(`server ${id} settled`, async () => {
          const s = await show(url2, tok2, id);
          return s['OS-EXT-STS:task_state'] === null ? s : null;
        });
      for (const id of servers) {
        const s = await show(url2, tok2, id);
        assert.equal(s.status, 'ACTIVE');
        const l = await api(url2, tok2, 'GET', `/compute/v2.1/os-migrations?instance_uuid=${id}`);
        const [m] = l.body.migrations;
        assert.ok(['completed', 'error'].includes(m.status), `migration of ${id} ended: ${m.status}`);
        assert.equal(m.migration_type, 'live-migration');
        const expected = m.status === 'completed' ? m.dest_compute : source.get(id);
        assert.equal(s['OS-EXT-SRV-ATTR:host'], expected);
        assert.notEqual(m.dest_compute, source.get(id));
      }
    } finally {
      served?.child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
