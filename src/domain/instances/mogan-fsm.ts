/**
 * Mogan's instance state machine (mogan/common/states.py @ MAIN) as data, applied to the status
 * derived from the shared model. Nova's own gating (rules.ts) still runs when the work is
 * enqueued; this table adds Mogan's stricter rules (e.g. no power-off from 'error').
 *
 * Error codes follow the seed document over the MAIN code: an impossible transition from a
 * stable status is 400 (InvalidState), a request while another operation runs is 409.
 */
import { DomainError } from '../errors.js';
import type { MoganStatus } from './mogan-status.js';

export type MoganEvent = 'start' | 'stop' | 'soft_stop' | 'reboot' | 'soft_reboot' | 'rebuild' | 'delete';

const STABLE: readonly MoganStatus[] = ['active', 'error', 'deleted', 'stopped', 'maintenance'];

const TRANSITIONS: Partial<Record<MoganStatus, Partial<Record<MoganEvent, MoganStatus>>>> = {
  active: {
    rebuild: 'rebuilding',
    stop: 'powering-off',
    soft_stop: 'soft-powering-off',
    reboot: 'rebooting',
    soft_reboot: 'soft-rebooting',
    delete: 'deleting',
  },
  stopped: { start: 'powering-on', rebuild: 'rebuilding', delete: 'deleting' },
  error: { delete: 'deleting' },
  maintenance: { delete: 'deleting' },
};

/** Power targets of PUT …/states/power and the FSM event each fires (POWER_ACTION_MAP). */
export const POWER_TARGETS: Record<string, MoganEvent> = {
  on: 'start',
  off: 'stop',
  soft_off: 'soft_stop',
  reboot: 'reboot',
  soft_reboot: 'soft_reboot',
};

export const isStableStatus = (s: MoganStatus): boolean => STABLE.includes(s);

/** Returns the next status, or throws 409 (operation in progress) / 400 (no such transition). */
export function moganTransition(uuid: string, status: MoganStatus, event: MoganEvent): MoganStatus {
  if (event === 'delete' && status !== 'deleted') return 'deleting';
  const next = TRANSITIONS[status]?.[event];
  if (next) return next;
  if (!isStableStatus(status)) {
    throw new DomainError(
      'CONFLICT',
      409,
      `Instance ${uuid} is in status '${status}' and another operation is in progress; retry when it has finished.`,
    );
  }
  throw new DomainError(
    'INSTANCE_INVALID_STATE',
    400,
    `Can not transition from state '${status}' on event '${event}' (no defined transition)`,
  );
}
