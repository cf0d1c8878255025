import { test } from 'node:test';
import { startTestApp } from '/work/wt/v-admin/test/helpers/app.js';
test('x', async () => {
  const t = await startTestApp();
  const admin = await t.tokenFor('admin');
  const c = await t.request('POST', '/volume/v3/types', { token: admin, body: { volume_type: { name: 'x', 'os-volume-type-access:is_public': false } } });
  const id = c.body.volume_type.id;
  t.app.addHook('onError', async (_r, _rep, err) => { console.log('ERR', err); });
  const a = await t.request('POST', `/volume/v3/types/${id}/action`, { token: admin, body: { addProjectAccess: { project: 'abc' } } });
  console.log(a.status, a.text);
  await t.close();
});
