/**
 * The instance state table as Markdown, rendered from the data both dialects act on: rules.ts
 * (which vm/task states allow each action, the task it writes, Nova's 409) and mogan-status.ts
 * (how the Mogan dialect reads each Nova state). docs/compatibility.md carries the output between
 * markers; test/unit/state-table-doc.test.ts fails when the two differ.
 */
import { STATE_RULES, type InstanceAction } from './rules.js';
import { TASK_STATUS, VM_STATUS } from './mogan-status.js';

/** the request (Nova server action or route) each rule gates; Mogan's requests reach the same rules */
const REQUEST: Record<InstanceAction, string> = {
  start: '`os-start` (Mogan power `on`)',
  stop: '`os-stop` (Mogan power `off` / `soft_off`)',
  reboot_soft: '`reboot` SOFT (Mogan `soft_reboot`)',
  reboot_hard: '`reboot` HARD (Mogan `reboot`)',
  delete: '`DELETE /servers/{id}` (Mogan `DELETE /instances/{id}`)',
  lock: '`lock` (Mogan `states/lock` true)',
  unlock: '`unlock` (Mogan `states/lock` false)',
  update: '`PUT /servers/{id}` (Mogan `PATCH` name/description)',
  attach_interface: '`POST …/os-interface`',
  detach_interface: '`DELETE …/os-interface/{port}`',
  attach_volume: '`POST …/os-volume_attachments`',
  detach_volume: '`DELETE …/os-volume_attachments/{volume}`',
  rebuild: '`rebuild`',
  force_delete: '`forceDelete`',
  restore: '`restore`',
  update_metadata: '`POST`/`PUT …/metadata` (Mogan `PATCH /extra`)',
  delete_metadata: '`DELETE …/metadata/{key}`',
  tags: '`…/tags` writes',
  pause: '`pause`',
  unpause: '`unpause` (Mogan power `on` from paused)',
  suspend: '`suspend`',
  resume: '`resume` (Mogan power `on` from suspended)',
  resize: '`resize`',
  confirmResize: '`confirmResize`',
  revertResize: '`revertResize`',
  migrate: '`migrate`',
  liveMigrate: '`os-migrateLive`',
  forceComplete: '`POST …/migrations/{id}/action` force_complete',
  abortLiveMigration: '`DELETE …/migrations/{id}`',
  evacuate: '`evacuate`',
  createImage: '`createImage`',
  createBackup: '`createBackup`',
  triggerCrashDump: '`trigger_crash_dump`',
  injectNetworkInfo: '`injectNetworkInfo`',
  getVncConsole: '`os-getVNCConsole` / `remote-consoles` vnc',
  getSpiceConsole: '`os-getSPICEConsole` / `remote-consoles` spice',
  getSerialConsole: '`os-getSerialConsole` / `remote-consoles` serial',
  getRdpConsole: '`os-getRDPConsole` / `remote-consoles` rdp',
  getMksConsole: '`remote-consoles` mks',
  diagnostics: '`GET …/diagnostics`',
  shelve: '`shelve`',
  shelveOffload: '`shelveOffload`',
  unshelve: '`unshelve` (Mogan power `on` from shelved)',
  rescue: '`rescue`',
  unrescue: '`unrescue`',
  changePassword: '`changePassword`',
  resetState: '`os-resetState`',
};

const list = (xs: readonly (string | null)[] | undefined, any: string) =>
  xs === undefined ? any : xs.map((x) => (x === null ? 'no task' : `\`${x}\``)).join(', ');

export const STATE_TABLE_BEGIN = '<!-- state-table:begin (generated from src/domain/instances/state-table.ts) -->';
export const STATE_TABLE_END = '<!-- state-table:end -->';

/** One row per rule of rules.ts: action → allowed vm/task states → task written → Nova's 409. */
export function renderStateTable(): string {
  const rows = (Object.keys(STATE_RULES) as InstanceAction[]).map((action) => {
    const r = STATE_RULES[action];
    const vm = list(r.vmStates, 'any');
    let tasks = list(r.taskStates, 'any');
    if (r.notTaskStates) tasks = `any but ${list(r.notTaskStates, '')}`;
    const errs: string[] = [];
    if (r.vmStates) errs.push(`\`Cannot '${r.name}' instance … while it is in vm_state …\``);
    if (r.taskStates || r.notTaskStates) errs.push(`\`Cannot '${r.name}' instance … while it is in task_state …\``);
    if (r.mustHaveLaunched) errs.push(`never launched: \`Instance … is in an invalid state for '${r.name}'\``);
    return `| \`${action}\` | ${REQUEST[action]} | ${vm} | ${tasks} | ${r.sets === null ? '—' : `\`${r.sets}\``} | ${errs.length ? errs.join('; ') : 'none (no state rule)'} |`;
  });
  return [
    '| rule | request | vm_state allowed | task_state allowed | task_state written | 409 |',
    '|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

/** How the Mogan dialect reads every Nova task_state and vm_state (mogan-status.ts). */
export function renderMoganMapping(): string {
  const tasks = Object.entries(TASK_STATUS).map(
    ([t, s]) => `| task_state \`${t}\` | ${s === null ? 'the vm_state’s status' : `\`${s}\``} |`,
  );
  const vms = Object.entries(VM_STATUS).map(([v, s]) => `| vm_state \`${v}\` (no task) | \`${s}\` |`);
  return ['| Nova state | Mogan `status` |', '|---|---|', ...vms, ...tasks].join('\n');
}

/** The Markdown between the markers in docs/compatibility.md. */
export function renderStateSection(): string {
  return [
    STATE_TABLE_BEGIN,
    '',
    renderStateTable(),
    '',
    'The Mogan dialect reads the same rows (a `powering-off` stop whose pending operation is',
    'graceful reads `soft-powering-off`):',
    '',
    renderMoganMapping(),
    '',
    STATE_TABLE_END,
  ].join('\n');
}
