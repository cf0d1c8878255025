/**
 * Keystone's [security_compliance] password rules (keystone/identity/backends/sql.py,
 * sql_model.py, common/validation/validators.py), from stackbox's `identity` config:
 * - password_regex: every new password (create, admin reset, self-service) must match it
 *   (Python's re.match: anchored at the start only), else 400 with password_regex_description;
 * - unique_last_password_count: a self-service change may not reuse one of the last N passwords,
 *   the current one included (an admin reset may);
 * - minimum_password_age: a self-service change waits N days after the previous self-service one;
 * - password_expires_days: a password set now expires N days later (whole seconds), after which
 *   a password login is refused with PasswordExpired; change_password_upon_first_use expires a
 *   password an admin sets at once, so that the user must change it.
 * Every set password is appended to the user's history in the caller's transaction.
 */
import type { Runtime } from '../../runtime.js';
import type { DbOrTrx } from '../../store/database.js';
import { newHexId } from '../../lib/ids.js';
import { hashPassword, verifyPassword } from '../../domain/identity/passwords.js';
import {
  passwordHistory,
  passwordRegexInvalid,
  passwordRequirements,
  passwordTooYoung,
} from '../../domain/identity/errors.js';
import {
  appendPassword,
  latestPasswords,
  lockUserForPasswordChange,
} from '../../store/repositories/identity-password-repository.js';

const DAY_MS = 86_400_000;

export class PasswordPolicyService {
  constructor(private readonly rt: Runtime) {}

  private get cfg() {
    return this.rt.config.identity;
  }

  /** password_regex: 400 unless the password matches (checked before anything is written) */
  checkRequirements(password: string): void {
    const pattern = this.cfg.passwordRegex;
    if (!pattern) return;
    let re: RegExp;
    try {
      re = new RegExp(pattern, 'y');
    } catch {
      throw passwordRegexInvalid();
    }
    if (!re.test(password)) throw passwordRequirements(this.cfg.passwordRegexDescription);
  }

  /** the rules of a self-service change (POST /v3/users/{id}/password), before it is written */
  async checkSelfServiceChange(
    db: DbOrTrx,
    user: { id: string; password_hash: string | null },
    password: string,
  ): Promise<void> {
    const userId = user.id;
    await lockUserForPasswordChange(db, userId);
    this.checkRequirements(password);
    const minAge = this.cfg.minimumPasswordAge;
    const unique = this.cfg.uniqueLastPasswordCount;
    const history = await latestPasswords(db, userId, Math.max(unique, 1));
    const current = history[0];
    if (minAge > 0 && current?.self_service === 1) {
      const allowedAt = new Date(current.created_at).getTime() + minAge * DAY_MS;
      const now = this.rt.clock().getTime();
      if (now < allowedAt) throw passwordTooYoung(minAge, Math.floor((allowedAt - now) / DAY_MS));
    }
    // the current password counts even for a user whose history began before it was recorded
    const hashes = [user.password_hash, ...history.slice(0, unique).map((p) => p.password_hash)];
    if (unique > 0 && hashes.some((h) => verifyPassword(password, h))) throw passwordHistory(unique);
  }

  /**
   * Records a newly set password (its hash goes to users.password_hash too): returns the hash and
   * the user's new password_expires_at
   */
  async record(
    db: DbOrTrx,
    userId: string,
    password: string,
    selfService: boolean,
  ): Promise<{ hash: string; expiresAt: string | null }> {
    const hash = hashPassword(password);
    const now = this.rt.clock();
    await appendPassword(db, {
      id: newHexId(),
      user_id: userId,
      password_hash: hash,
      created_at: now.toISOString(),
      self_service: selfService ? 1 : 0,
    });
    return { hash, expiresAt: this.expiresAt(now, selfService) };
  }

  private expiresAt(now: Date, selfService: boolean): string | null {
    if (!selfService && this.cfg.changePasswordUponFirstUse)
      return new Date(Math.floor(now.getTime() / 1000) * 1000).toISOString();
    const days = this.cfg.passwordExpiresDays;
    if (!days) return null;
    return new Date(Math.floor((now.getTime() + days * DAY_MS) / 1000) * 1000).toISOString();
  }
}
