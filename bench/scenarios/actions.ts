/**
 * Timed server-action scenarios (issue 15): pause + unpause and resize + confirm round trips,
 * createImage until the image is active, and 100 creates into an anti-affinity group spread over
 * 100 hosts. Each runs on a fresh stackbox and, where the harness has one, on the real Nova; each
 * note also gives the HTTP floor: the same requests answered by a bare Fastify route, one after
 * another (what the round trip would cost if the cloud did no work at all).
 */
import type { BenchEnv, TimedResult, TimedScenario } from '../scenarios.js';
import type { Config, DeepPartial } from '../../src/config/config.js';
import { startStackbox, benchConfig, type RunningStackbox } from '../lib/stackbox.js';
import { sequentialCeiling } from '../lib/baselines.js';
import { novaPost, novaWaitActive, type NovaUnderTest } from '../lib/nova.js';
import { bootImageId, pool, sbPost, seconds, stackboxWaitActive } from '../lib/timed.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function withServer<T>(
  env: BenchEnv,
  fn: (sb: RunningStackbox, token: string, id: string) => Promise<T>,
  patch?: DeepPartial<Config>,
): Promise<T> {
  const sb = await startStackbox({ pgUrl: env.pgUrl, patch });
  try {
    const token = await sb.token('demo');
    const c = await sbPost(
      sb,
      '/compute/v2.1/servers',
      { server: { name: 'act', imageRef: await bootImageId(sb), flavorRef: '1' } },
      token,
    );
    if (c.status !== 202) throw new Error(`create: ${c.status} ${JSON.stringify(c.json)}`);
    await stackboxWaitActive(sb, 1);
    return await fn(sb, token, c.json.server.id as string);
  } finally {
    await sb.close();
  }
}

/** reads the store every 1 ms until the server's vm_state is `vm` with no task running */
async function sbWaitState(sb: RunningStackbox, id: string, vm: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await sb.rt.store.db
      .selectFrom('instances')
      .select(['vm_state', 'task_state'])
      .where('uuid', '=', id)
      .executeTakeFirstOrThrow();
    if (r.vm_state === 'error') throw new Error(`stackbox: ${id} went to ERROR`);
    if (r.vm_state === vm && r.task_state === null) return;
    if (Date.now() > deadline) throw new Error(`stackbox: ${id} is ${r.vm_state}/${r.task_state}, not ${vm}`);
    await sleep(1);
  }
}

/** polls GET /servers/{id} every 50 ms until its status is `status` with no task running */
async function novaWaitStatus(n: NovaUnderTest, id: string, status: string, timeoutMs = 300_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(`${n.url}/servers/${id}`, { headers: { 'x-auth-token': n.memberToken } });
    const { server } = (await res.json()) as { server: { status: string; 'OS-EXT-STS:task_state': string | null } };
    if (server.status === 'ERROR') throw new Error(`real nova: ${id} went to ERROR`);
    if (server.status === status && !server['OS-EXT-STS:task_state']) return;
    if (Date.now() > deadline) throw new Error(`real nova: ${id} is ${server.status}, not ${status}`);
    await sleep(50);
  }
}

async function novaServer(n: NovaUnderTest, name: string): Promise<string> {
  const r = await novaPost(n, '/servers', { server: { name, imageRef: n.imageId, flavorRef: '1' } });
  if (r.status !== 202) throw new Error(`real nova create: ${r.status} ${JSON.stringify(r.json)}`);
  const [id] = await novaWaitActive(n, `name=${encodeURIComponent(`^${name}$`)}`, 1);
  if (!id) throw new Error(`real nova: ${name} not found`);
  return id;
}

async function roundTrips(
  rounds: number,
  perRound: number,
  once: (i: number) => Promise<void>,
  floor: boolean,
): Promise<TimedResult> {
  const t0 = performance.now();
  for (let i = 0; i < rounds; i++) await once(i);
  const s = seconds(t0) / rounds;
  const ceiling = floor ? (await sequentialCeiling('{}', perRound * rounds)) / rounds : undefined;
  const f =
    ceiling === undefined
      ? ''
      : `; HTTP floor (bare Fastify, the same ${perRound} requests) ${(ceiling * 1000).toFixed(2)} ms`;
  return {
    seconds: s,
    ...(ceiling === undefined ? {} : { ceilingSeconds: ceiling }),
    note: `per round trip (${rounds} rounds, ${(1 / s).toFixed(0)}/s)${f}`,
  };
}

const check = (what: string, r: { status: number; json: unknown }, want: number) => {
  if (r.status !== want) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.json)}`);
};

let novaRun = 0;

// two flavors that differ only in RAM, so a resize can go back and forth (no smaller disk)
const RT_FLAVORS = [
  { name: 'rt-a', ram: 512, vcpus: 1, disk: 1 },
  { name: 'rt-b', ram: 1024, vcpus: 1, disk: 1 },
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function flavorsOn(post: (body: unknown) => Promise<{ status: number; json: any }>): Promise<string[]> {
  const ids: string[] = [];
  for (const f of RT_FLAVORS) {
    const r = await post({ flavor: { ...f, name: `${f.name}-${novaRun++}` } });
    check('flavor create', r, 200);
    ids.push(r.json.flavor.id as string);
  }
  return ids;
}

/** the new image's id from createImage (2.45: in the body) */
const IMAGE_MV = { 'x-openstack-nova-api-version': '2.45' };

async function postWith(url: string, token: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'x-auth-token': token, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const json: any = text ? JSON.parse(text) : null;
  return { status: res.status, json };
}

export const actionScenarios: TimedScenario[] = [
  {
    kind: 'timed',
    name: 'pause + unpause round trip (20 rounds, sequential)',
    stackbox: (env) =>
      withServer(env, async (sb, token, id) =>
        roundTrips(
          20,
          2,
          async () => {
            check('pause', await sbPost(sb, `/compute/v2.1/servers/${id}/action`, { pause: null }, token), 202);
            await sbWaitState(sb, id, 'paused');
            check('unpause', await sbPost(sb, `/compute/v2.1/servers/${id}/action`, { unpause: null }, token), 202);
            await sbWaitState(sb, id, 'active');
          },
          true,
        ),
      ),
    nova: async (n) => {
      const id = await novaServer(n, `pau${novaRun++}`);
      return roundTrips(
        5,
        2,
        async () => {
          check('real nova pause', await novaPost(n, `/servers/${id}/action`, { pause: null }), 202);
          await novaWaitStatus(n, id, 'PAUSED');
          check('real nova unpause', await novaPost(n, `/servers/${id}/action`, { unpause: null }), 202);
          await novaWaitStatus(n, id, 'ACTIVE');
        },
        false,
      );
    },
  },
  {
    kind: 'timed',
    name: 'resize + confirm round trip (10 rounds, sequential)',
    stackbox: (env) =>
      withServer(env, async (sb, token, id) => {
        const admin = await sb.token('admin');
        const flavors = await flavorsOn((body) => sbPost(sb, '/compute/v2.1/flavors', body, admin));
        const action = (body: unknown) => sbPost(sb, `/compute/v2.1/servers/${id}/action`, body, token);
        return roundTrips(
          10,
          2,
          async (i) => {
            check('resize', await action({ resize: { flavorRef: flavors[i % 2] } }), 202);
            await sbWaitState(sb, id, 'resized');
            check('confirmResize', await action({ confirmResize: null }), 204);
            await sbWaitState(sb, id, 'active');
          },
          true,
        );
      }),
    nova: async (n) => {
      const id = await novaServer(n, `rsz${novaRun++}`);
      const flavors = await flavorsOn((body) => postWith(`${n.url}/flavors`, n.adminToken, body));
      return roundTrips(
        3,
        2,
        async (i) => {
          check(
            'real nova resize',
            await novaPost(n, `/servers/${id}/action`, { resize: { flavorRef: flavors[i % 2] } }),
            202,
          );
          await novaWaitStatus(n, id, 'VERIFY_RESIZE');
          check('real nova confirmResize', await novaPost(n, `/servers/${id}/action`, { confirmResize: null }), 204);
          await novaWaitStatus(n, id, 'ACTIVE');
        },
        false,
      );
    },
  },
  {
    kind: 'timed',
    name: 'createImage (snapshot) until the image is active (10 images, sequential)',
    stackbox: (env) =>
      withServer(env, async (sb, token, id) => {
        const db = sb.rt.store.db;
        return roundTrips(
          10,
          1,
          async (i) => {
            const r = await postWith(
              `${sb.url}/compute/v2.1/servers/${id}/action`,
              token,
              { createImage: { name: `snap${i}` } },
              IMAGE_MV,
            );
            check('createImage', r, 202);
            const imageId = r.json.image_id as string;
            const deadline = Date.now() + 30_000;
            for (;;) {
              const img = await db.selectFrom('images').select('status').where('id', '=', imageId).executeTakeFirst();
              if (img?.status === 'active') break;
              if (Date.now() > deadline) throw new Error(`stackbox: image ${imageId} is ${img?.status}`);
              await sleep(1);
            }
            // the server takes the next snapshot only once this one's task is over
            await sbWaitState(sb, id, 'active');
          },
          true,
        );
      }),
    nova: async (n) => {
      const id = await novaServer(n, `snp${novaRun++}`);
      return roundTrips(
        3,
        1,
        async (i) => {
          const r = await postWith(
            `${n.url}/servers/${id}/action`,
            n.memberToken,
            { createImage: { name: `snap${i}` } },
            IMAGE_MV,
          );
          check('real nova createImage', r, 202);
          const imageId = r.json.image_id as string;
          const deadline = Date.now() + 300_000;
          for (;;) {
            const res = await fetch(`${n.url}/images/${imageId}`, { headers: { 'x-auth-token': n.memberToken } });
            const body = (await res.json()) as { image?: { status: string } };
            if (body.image?.status === 'ACTIVE') break;
            if (Date.now() > deadline) throw new Error(`real nova: image ${imageId} is ${body.image?.status}`);
            await sleep(50);
          }
          await novaWaitStatus(n, id, 'ACTIVE');
        },
        false,
      );
    },
  },
  {
    kind: 'timed',
    name: '100 creates into an anti-affinity server group over 100 hosts until all ACTIVE',
    stackbox: async (env) => {
      const sb = await startStackbox({
        pgUrl: env.pgUrl,
        patch: { compute: { ...benchConfig.compute, hosts: 100 } },
      });
      try {
        const token = await sb.token('demo');
        const imageId = await bootImageId(sb);
        // server_group_members defaults to 10 (Nova's too): room for the 100
        const admin = await sb.token('admin');
        const projects = await fetch(`${sb.url}/identity/v3/projects?name=demo`, {
          headers: { 'x-auth-token': admin },
        }).then((r) => r.json() as Promise<{ projects: Array<{ id: string }> }>);
        const quota = await fetch(`${sb.url}/compute/v2.1/os-quota-sets/${projects.projects[0]?.id}`, {
          method: 'PUT',
          headers: { 'x-auth-token': admin, 'content-type': 'application/json' },
          body: JSON.stringify({ quota_set: { server_group_members: 100 } }),
        });
        if (quota.status !== 200) throw new Error(`quota: ${quota.status} ${await quota.text()}`);
        return await antiAffinity100(
          (path, body) => sbPost(sb, `/compute/v2.1${path}`, body, token),
          () => stackboxWaitActive(sb, 100),
          async () => {
            const rows = await sb.rt.store.db.selectFrom('instances').select('host').where('deleted', '=', 0).execute();
            return rows.map((r) => r.host ?? '');
          },
          imageId,
        );
      } finally {
        await sb.close();
      }
    },
    // no real-Nova figure: anti-affinity needs 100 computes there, and scripts/real-nova with
    // --computes 100 did not come up within 400 s on the 2-core VM (docs/performance.md)
  },
];

async function antiAffinity100(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  post: (path: string, body: unknown) => Promise<{ status: number; json: any }>,
  waitActive: () => Promise<void>,
  hosts: () => Promise<string[]>,
  imageId: string,
): Promise<TimedResult> {
  const t0 = performance.now();
  const g = await post('/os-server-groups', { server_group: { name: `aa${novaRun++}`, policies: ['anti-affinity'] } });
  check('server group', g, 200);
  await pool(100, 10, async (i) => {
    const r = await post('/servers', {
      server: { name: `aa${i}`, imageRef: imageId, flavorRef: '1' },
      'os:scheduler_hints': { group: g.json.server_group.id },
    });
    check('create', r, 202);
  });
  await waitActive();
  const s = seconds(t0);
  const distinct = new Set(await hosts()).size;
  if (distinct !== 100) throw new Error(`anti-affinity: 100 servers on ${distinct} hosts`);
  return { seconds: s, note: `${((s * 1000) / 100).toFixed(1)} ms per build, 100 distinct hosts` };
}
