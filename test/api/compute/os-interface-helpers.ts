/** Shared steps of the port-interface tests: servers through the API, ports through Neutron's API. */
import assert from 'node:assert/strict';
import { waitFor, type TestApp } from '../../helpers/app.js';
import { IMAGE } from './server-fixtures.js';

export const S = '/compute/v2.1/servers';
export const PORTS = '/network/v2.0/ports';
export const I = (server: string, port?: string) => `${S}/${server}/os-interface${port ? `/${port}` : ''}`;

export async function networkId(t: TestApp, name: string): Promise<string> {
  return (await t.rt.store.db.selectFrom('networks').select('id').where('name', '=', name).executeTakeFirstOrThrow())
    .id;
}

/** POST /servers at 2.37 and wait for ACTIVE; returns the server id */
export async function bootServer(t: TestApp, token: string, networks: unknown = 'none', name = 'vm'): Promise<string> {
  const r = await t.request('POST', S, {
    token,
    mv: '2.37',
    body: { server: { name, imageRef: IMAGE, flavorRef: '1', networks } },
  });
  assert.equal(r.status, 202, r.text);
  const id = r.body.server.id as string;
  await waitFor(async () => {
    const s = await t.request('GET', `${S}/${id}`, { token });
    if (s.body?.server?.status === 'ERROR')
      throw new Error(`server ${id} went to ERROR: ${JSON.stringify(s.body.server.fault)}`);
    return s.body?.server?.status === 'ACTIVE' && s.body.server['OS-EXT-STS:task_state'] === null;
  }, `${id} ACTIVE`);
  return id;
}

export async function createPort(
  t: TestApp,
  token: string,
  network: string,
  extra: Record<string, unknown> = {},
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
): Promise<Record<string, any>> {
  const r = await t.request('POST', PORTS, { token, body: { port: { network_id: network, ...extra } } });
  assert.equal(r.status, 201, r.text);
  return r.body.port;
}

export async function getPort(t: TestApp, token: string, id: string) {
  return t.request('GET', `${PORTS}/${id}`, { token });
}

/** the server's action log as [action, [event, result]…] */
export async function actionLog(
  t: TestApp,
  token: string,
  server: string,
): Promise<Array<{ action: string; events: Array<{ event: string; result: string; traceback?: string | null }> }>> {
  const list = await t.request('GET', `${S}/${server}/os-instance-actions`, { token });
  assert.equal(list.status, 200, list.text);
  const out = [];
  for (const a of list.body.instanceActions) {
    const one = await t.request('GET', `${S}/${server}/os-instance-actions/${a.request_id}`, {
      token: await t.tokenFor('admin'),
      mv: '2.51',
    });
    out.push({ action: a.action as string, events: one.body.instanceAction.events ?? [] });
  }
  return out;
}

/** waits until the agent closed the newest action's events (async detach) */
export async function settledAction(t: TestApp, server: string, action: string) {
  return waitFor(async () => {
    const log = await actionLog(t, await t.tokenFor('admin'), server);
    const a = log.find((x) => x.action === action);
    return a && a.events.length > 0 && a.events.every((e) => e.result !== null) ? a : null;
  }, `${action} on ${server} to finish`);
}
