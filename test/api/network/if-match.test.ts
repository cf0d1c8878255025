/**
 * If-Match: revision_number=N on network, port, subnet and subnet pool updates (the
 * revision-if-match extension): the UPDATE applies only at that revision, else 412
 * RevisionNumberConstraintFailed and no change.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';

let t: TestApp;
let demo: string;
before(async () => {
  t = await startTestApp({}, { agent: false });
  demo = await t.tokenFor('demo');
});
after(async () => {
  await t.close();
});

const N = '/network/v2.0/networks';
const P = '/network/v2.0/ports';
const S = '/network/v2.0/subnets';
const SP = '/network/v2.0/subnetpools';

/** a resource of this kind, owned by demo: its URL */
async function make(kind: 'network' | 'port' | 'subnet' | 'subnetpool', n: number): Promise<string> {
  if (kind === 'subnetpool') {
    const pool = await t.request('POST', SP, {
      token: demo,
      body: { subnetpool: { name: `if-match-pool-${n}`, prefixes: [`10.${150 + n}.0.0/16`] } },
    });
    assert.equal(pool.status, 201);
    return `${SP}/${pool.body.subnetpool.id}`;
  }
  const net = await t.request('POST', N, { token: demo, body: { network: { name: `if-match-${kind}-${n}` } } });
  assert.equal(net.status, 201);
  const networkId = net.body.network.id as string;
  if (kind === 'network') return `${N}/${networkId}`;
  if (kind === 'subnet') {
    const sub = await t.request('POST', S, {
      token: demo,
      body: { subnet: { network_id: networkId, ip_version: 4, cidr: `10.${140 + n}.0.0/24` } },
    });
    assert.equal(sub.status, 201);
    return `${S}/${sub.body.subnet.id}`;
  }
  const port = await t.request('POST', P, { token: demo, body: { port: { network_id: networkId } } });
  assert.equal(port.status, 201);
  return `${P}/${port.body.port.id}`;
}

for (const [i, kind] of (['network', 'port', 'subnet', 'subnetpool'] as const).entries()) {
  test(`${kind} update: If-Match at another revision → 412, at the current one → 200`, async () => {
    const url = await make(kind, i);
    // the revision as it is now (a port's may have moved on since its create answer)
    const current = (await t.request('GET', url, { token: demo })).body[kind];
    const rev = current.revision_number as number;
    const stale = await t.request('PUT', url, {
      token: demo,
      headers: { 'if-match': `revision_number=${rev + 5}` },
      body: { [kind]: { name: 'changed' } },
    });
    assert.equal(stale.status, 412);
    assert.deepEqual(stale.body, {
      NeutronError: {
        type: 'RevisionNumberConstraintFailed',
        message: `Constrained to ${rev + 5}, but current revision is ${rev}`,
        detail: '',
      },
    });
    const unchanged = await t.request('GET', url, { token: demo });
    assert.equal(unchanged.body[kind].name, current.name);
    assert.equal(unchanged.body[kind].revision_number, rev);
    const ok = await t.request('PUT', url, {
      token: demo,
      headers: { 'if-match': `revision_number=${rev}` },
      body: { [kind]: { name: 'changed' } },
    });
    assert.equal(ok.status, 200);
    assert.equal(ok.body[kind].name, 'changed');
    assert.equal(ok.body[kind].revision_number, rev + 1);
  });
}

for (const [i, kind] of (['subnet', 'subnetpool'] as const).entries()) {
  test(`${kind} update: parallel updates at the same If-Match revision, exactly one wins`, async () => {
    const url = await make(kind, 10 + i);
    const rev = (await t.request('GET', url, { token: demo })).body[kind].revision_number as number;
    const answers = await Promise.all(
      [0, 1, 2, 3].map((k) =>
        t.request('PUT', url, {
          token: demo,
          headers: { 'if-match': `revision_number=${rev}` },
          body: { [kind]: { name: `racer-${k}` } },
        }),
      ),
    );
    assert.deepEqual(answers.map((a) => a.status).sort(), [200, 412, 412, 412]);
    const after = (await t.request('GET', url, { token: demo })).body[kind];
    assert.equal(after.revision_number, rev + 1);
  });
}
