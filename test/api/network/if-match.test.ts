/**
 * If-Match: revision_number=N on network and port updates (the revision-if-match extension): the
 * UPDATE applies only at that revision, else 412 RevisionNumberConstraintFailed and no change.
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

for (const kind of ['network', 'port'] as const) {
  test(`${kind} update: If-Match at another revision → 412, at the current one → 200`, async () => {
    const net = await t.request('POST', N, { token: demo, body: { network: { name: `if-match-${kind}` } } });
    assert.equal(net.status, 201);
    let url = `${N}/${net.body.network.id}`;
    if (kind === 'port') {
      const port = await t.request('POST', P, { token: demo, body: { port: { network_id: net.body.network.id } } });
      assert.equal(port.status, 201);
      url = `${P}/${port.body.port.id}`;
    }
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
