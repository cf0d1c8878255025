/**
 * The optional login lockout, with Keystone's semantics (keystone/identity/backends/sql.py
 * authenticate): each wrong password counts; once the count reaches `lockoutFailureAttempts` the
 * user cannot authenticate by password until `lockoutDuration` seconds after the last failure
 * (forever when it is unset) or until an admin updates the user; a successful login clears the
 * count. Locked attempts are not counted, so the lock runs from the last real failure.
 */
import type { Runtime } from '../../runtime.js';
import type { DbOrTrx } from '../../store/database.js';
import {
  findLockout,
  recordFailedAuth,
  resetFailedAuth,
} from '../../store/repositories/identity-lockout-repository.js';

/** What a password check needs to know before and after verifying. */
export interface LockoutState {
  locked: boolean;
  failures: number;
}

export class LockoutService {
  constructor(private readonly rt: Runtime) {}

  /** Off unless a positive attempt limit is configured: then no query runs at all. */
  get enabled(): boolean {
    const attempts = this.rt.config.identity.lockoutFailureAttempts;
    return typeof attempts === 'number' && attempts > 0;
  }

  /** Whether the user is locked now; an expired lock is cleared, as Keystone does on this check. */
  async state(userId: string): Promise<LockoutState> {
    if (!this.enabled) return { locked: false, failures: 0 };
    const row = await findLockout(this.rt.store.db, userId);
    if (!row) return { locked: false, failures: 0 };
    if (row.failed_auth_count < (this.rt.config.identity.lockoutFailureAttempts as number)) {
      return { locked: false, failures: row.failed_auth_count };
    }
    const duration = this.rt.config.identity.lockoutDuration;
    if (!duration) return { locked: true, failures: row.failed_auth_count };
    const until = Date.parse(row.failed_auth_at) + duration * 1000;
    if (until > this.rt.clock().getTime()) return { locked: true, failures: row.failed_auth_count };
    await resetFailedAuth(this.rt.store.db, userId, row.failed_auth_at);
    return { locked: false, failures: 0 };
  }

  async recordFailure(userId: string): Promise<void> {
    if (!this.enabled) return;
    const count = await recordFailedAuth(this.rt.store.db, userId, this.rt.clock().toISOString());
    if (count === this.rt.config.identity.lockoutFailureAttempts) {
      // Keystone's AccountLocked text; the client only ever sees the generic 401
      this.rt.log.warn({ userId }, `The account is locked for user: ${userId}.`);
    }
  }

  /** After a successful password check; skips the write when there is nothing to clear. */
  async recordSuccess(userId: string, state: LockoutState): Promise<void> {
    if (this.enabled && state.failures > 0) await resetFailedAuth(this.rt.store.db, userId);
  }

  /** An admin's update of an enabled user unlocks it (Keystone's User.enabled setter). */
  async unlock(db: DbOrTrx, userId: string): Promise<void> {
    await resetFailedAuth(db, userId);
  }
}
