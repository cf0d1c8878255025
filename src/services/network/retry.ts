/**
 * Re-runs a transaction that lost to a concurrent one (deadlock, foreign key changed meanwhile),
 * as Neutron does with oslo.db's wrap_db_retry on DBDeadlock/DBReferenceError. The new attempt
 * sees the winner's committed rows and answers from them (404 NetworkNotFound, 409 NetworkInUse…).
 */
import type { DialectAdapter } from '../../store/dialects/adapter.js';

export async function retryOnConflict<T>(adapter: DialectAdapter, fn: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (attempt >= attempts || !adapter.isRetryableConflict(err)) throw err;
      await new Promise((r) => setTimeout(r, Math.random() * 10 * attempt));
    }
  }
}
