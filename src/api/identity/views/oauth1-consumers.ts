/** Keystone OS-OAUTH1 consumer bodies (keystone/api/os_oauth1.py). */
import type { ConsumerRow } from '../../../services/identity/oauth1-consumer-service.js';

/** the secret only in the create answer */
export function consumerView(c: ConsumerRow, v3: string, secret?: string): Record<string, unknown> {
  return {
    ...(JSON.parse(c.extra) as Record<string, unknown>),
    id: c.id,
    description: c.description,
    ...(secret === undefined ? {} : { secret }),
    links: { self: `${v3}/OS-OAUTH1/consumers/${c.id}` },
  };
}
