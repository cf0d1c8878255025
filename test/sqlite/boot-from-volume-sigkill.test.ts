/**
 * Crash safety of boot from volume: `stackbox serve` is killed with SIGKILL while the compute
 * agent plugs the servers' volumes in (slow simulated hypervisor); started again on the same
 * SQLite file, the recovered builds finish: every server ACTIVE, each volume in-use by its
 * server, none left creating, reserved or attaching, and a delete takes its boot volume along.
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
const api = call;

const S = '/compute/v2.1/servers';
const V = '/volume/v3/volumes';

test(
  'SIGKILL while a boot-from-volume build attaches: after restart the builds finish, no volume half-attached',
  { timeout: 240_000 },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stackbox-bfvkill-'));
    const slow = {
      STACKBOX_FAKE__SPAWN_MS: '20',
      STACKBOX_FAKE__ATTACH_VOLUME_MS: '3000',
      STACKBOX_COMPUTE__OPERATION_LEASE_MS: '2000',
    };
    let served: Served | null = null;
    try {
      served = await serve(dir, slow);
      const url = served.url;
      const tok = await token(url);
      const existing = await api(url, tok, 'POST', V, { volume: { size: 1, name: 'bfv-root', imageRef: IMAGE } });
      assert.equal(existing.status, 202);
      const existingId = existing.body.volume.id as string;
      await until('existing volume available', async () => {
        const v = await api(url, tok, 'GET', `${V}/${existingId}`);
        return v.body.volume.status === 'available';
      });
      const servers: string[] = [];
      const bdms = [
        [
          {
            source_type: 'image',
            destination_type: 'volume',
            uuid: IMAGE,
            boot_index: 0,
            volume_size: 1,
            delete_on_termination: true,
          },
        ],
        [
          { source_type: 'volume', destination_type: 'volume', uuid: existingId, boot_index: 0 },
          { source_type: 'blank', destination_type: 'volume', volume_size: 1, delete_on_termination: true },
        ],
      ];
      for (const [i, b] of bdms.entries()) {
        const r = await api(url, tok, 'POST', S, {
          server: { name: `bfvk-${i}`, imageRef: '', flavorRef: '1', block_device_mapping_v2: b },
        });
        assert.equal(r.status, 202, JSON.stringify(r.body));
        servers.push(r.body.server.id);
      }
      // the hypervisor is plugging the first volumes in: kill while they are attaching
      await until('a volume attaching', async () => {
        const l = await api(url, tok, 'GET', `${V}/detail`);
        return l.body.volumes.some((v: { status: string }) => v.status === 'attaching');
      });
      await killHard(served);

      served = await serve(dir, { ...slow, STACKBOX_FAKE__ATTACH_VOLUME_MS: '10' });
      const url2 = served.url;
      const tok2 = await token(url2);
      for (const id of servers)
        await until(`server ${id} ACTIVE`, async () => {
          const s = await api(url2, tok2, 'GET', `${S}/${id}`);
          assert.notEqual(s.body.server.status, 'ERROR', JSON.stringify(s.body.server.fault));
          return s.body.server.status === 'ACTIVE' && s.body.server['OS-EXT-STS:task_state'] === null;
        });
      const vols = (await api(url2, tok2, 'GET', `${V}/detail`)).body.volumes as Array<{
        id: string;
        status: string;
        attachments: Array<{ server_id: string; device: string }>;
      }>;
      assert.equal(vols.length, 3, 'one volume per mapping: the recovered build made no second one');
      for (const v of vols) assert.equal(v.status, 'in-use', `volume ${v.id}`);
      const attachedTo = new Map<string, string[]>();
      for (const id of servers) {
        const s = await api(url2, tok2, 'GET', `${S}/${id}`);
        assert.equal(s.body.server.image, '');
        const ids = s.body.server['os-extended-volumes:volumes_attached'].map((a: { id: string }) => a.id);
        attachedTo.set(id, ids);
        for (const vid of ids) {
          const v = vols.find((x) => x.id === vid);
          assert.equal(v?.attachments.length, 1);
          assert.equal(v?.attachments[0]?.server_id, id);
        }
      }
      assert.equal(attachedTo.get(servers[0]!)?.length, 1);
      assert.deepEqual(attachedTo.get(servers[1]!)?.[0], existingId);

      // delete: the delete_on_termination volumes go, the existing root volume is given back
      for (const id of servers) assert.equal((await api(url2, tok2, 'DELETE', `${S}/${id}`)).status, 204);
      await until('volumes settled after delete', async () => {
        const l = (await api(url2, tok2, 'GET', `${V}/detail`)).body.volumes as Array<{ id: string; status: string }>;
        return l.length === 1 && l[0]?.id === existingId && l[0].status === 'available';
      });
    } finally {
      served?.child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
