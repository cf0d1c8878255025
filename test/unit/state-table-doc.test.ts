/**
 * docs/compatibility.md shows the instance state table and the Mogan mapping as rendered from
 * rules.ts and mogan-status.ts; this fails when either changed and the doc did not. To refresh the
 * doc: STATE_TABLE_WRITE=1 node scripts/run-tests.mjs test/unit/state-table-doc.test.ts
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { STATE_TABLE_BEGIN, STATE_TABLE_END, renderStateSection } from '../../src/domain/instances/state-table.js';
import { STATE_RULES, type InstanceAction } from '../../src/domain/instances/rules.js';
import { TaskState, VmState } from '../../src/domain/instances/states.js';
import { TASK_STATUS, VM_STATUS, moganStatus } from '../../src/domain/instances/mogan-status.js';

const DOC = new URL('../../docs/compatibility.md', import.meta.url);

test('docs/compatibility.md carries the state table rendered from rules.ts and mogan-status.ts', () => {
  const doc = readFileSync(DOC, 'utf8');
  const begin = doc.indexOf(STATE_TABLE_BEGIN);
  const end = doc.indexOf(STATE_TABLE_END);
  assert.ok(begin >= 0 && end > begin, 'the state-table markers are in docs/compatibility.md');
  const current = doc.slice(begin, end + STATE_TABLE_END.length);
  const wanted = renderStateSection();
  if (process.env.STATE_TABLE_WRITE === '1' && current !== wanted)
    writeFileSync(DOC, doc.slice(0, begin) + wanted + doc.slice(end + STATE_TABLE_END.length));
  else assert.equal(current, wanted, 'regenerate with STATE_TABLE_WRITE=1 (see this file’s header)');
});

test('every task a rule writes is a Nova task state, and every action has a row', () => {
  const tasks = new Set<string>(Object.values(TaskState));
  for (const [action, rule] of Object.entries(STATE_RULES) as [
    InstanceAction,
    (typeof STATE_RULES)[InstanceAction],
  ][]) {
    if (rule.sets !== null) assert.ok(tasks.has(rule.sets), `${action} writes ${rule.sets}`);
    for (const t of rule.taskStates ?? []) if (t !== null) assert.ok(tasks.has(t), `${action} allows ${t}`);
  }
  for (const a of [
    'pause',
    'suspend',
    'resize',
    'confirmResize',
    'revertResize',
    'shelve',
    'shelveOffload',
    'unshelve',
    'rescue',
    'unrescue',
    'createImage',
    'createBackup',
    'migrate',
    'liveMigrate',
    'evacuate',
    'resetState',
    'lock',
    'start',
    'stop',
    'reboot_soft',
    'reboot_hard',
    'rebuild',
    'changePassword',
    'triggerCrashDump',
  ])
    assert.ok(a in STATE_RULES, a);
});

test('the Mogan dialect reads every Nova vm_state and task_state', () => {
  for (const v of Object.values(VmState)) assert.ok(v in VM_STATUS, v);
  for (const t of Object.values(TaskState)) assert.ok(t in TASK_STATUS, t);
  // each state a new action writes reads as a Mogan status (never falls through to a guess)
  for (const rule of Object.values(STATE_RULES)) {
    if (rule.sets === null) continue;
    for (const vm of rule.vmStates ?? ['active']) {
      const s = moganStatus({ vmState: vm, taskState: rule.sets, powerState: 1 });
      const expected: string = TASK_STATUS[rule.sets] ?? VM_STATUS[vm as VmState];
      assert.equal(s, expected, `${vm}/${rule.sets}`);
    }
  }
  assert.equal(moganStatus({ vmState: 'resized', taskState: null, powerState: 1 }), 'active');
  assert.equal(moganStatus({ vmState: 'active', taskState: 'resize_prep', powerState: 1 }), 'rebuilding');
  assert.equal(moganStatus({ vmState: 'active', taskState: 'image_snapshot', powerState: 1 }), 'active');
  assert.equal(moganStatus({ vmState: 'stopped', taskState: 'image_snapshot', powerState: 4 }), 'stopped');
});
